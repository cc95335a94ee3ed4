/**
 * policies/proposal-modes.yaml: which execution mode each action gets, per action, agent and
 * target, and which entity flags force a human in. Strict: an unknown key is an error naming
 * the field, never a silently ignored rule.
 */
import { parse } from "yaml";
import { z } from "zod";

export const PROPOSAL_MODES = [
  "auto",
  "auto_with_window",
  "hold_then_execute",
  "require_approval",
  "forbid",
] as const;
export type ProposalMode = (typeof PROPOSAL_MODES)[number];

const Globs = z.array(z.string().min(1)).min(1);
const Minutes = z
  .number()
  .positive()
  .max(7 * 24 * 60);

const ModeRuleSchema = z.strictObject({
  id: z.string().min(1),
  /** Action (tool) names; `*` matches any run of characters. */
  actions: Globs,
  agents: Globs.optional(),
  /** What the action touches, e.g. `email:*@client.com`, `task:*`, `https://api.example.com/*`. */
  targets: Globs.optional(),
  mode: z.enum(PROPOSAL_MODES),
  windowMinutes: Minutes.optional(),
  holdMinutes: Minutes.optional(),
  /** For require_approval: how many distinct approvers (n of the tenant's m). */
  approvals: z.number().int().min(1).max(10).optional(),
  expiryMinutes: Minutes.optional(),
  reason: z.string().optional(),
});

const GuardSchema = z.strictObject({
  /** An entity flag, e.g. in_dispute, do_not_contact. */
  flag: z.string().min(1),
  mode: z.enum(["require_approval", "forbid"]),
  /** Only these actions; every action that touches the entity when left out. */
  actions: Globs.optional(),
  approvals: z.number().int().min(1).max(10).optional(),
  reason: z.string().optional(),
});

export const ProposalModesSchema = z.strictObject({
  version: z.literal(1),
  defaults: z
    .strictObject({
      windowMinutes: Minutes.default(15),
      holdMinutes: Minutes.default(15),
      approvalExpiryMinutes: Minutes.default(24 * 60),
    })
    .prefault({}),
  rules: z.array(ModeRuleSchema).default([]),
  guards: z.array(GuardSchema).default([]),
});
export type ProposalModes = z.infer<typeof ProposalModesSchema>;
export type ModeRule = z.infer<typeof ModeRuleSchema>;
export type EntityGuard = z.infer<typeof GuardSchema>;

export class ProposalModesError extends Error {
  override readonly name = "ProposalModesError";
}

/** Parses and validates the YAML; the error names the file and the field. */
export function parseProposalModes(text: string, fileName: string): ProposalModes {
  let raw: unknown;
  try {
    raw = parse(text, { uniqueKeys: true });
  } catch (error) {
    throw new ProposalModesError(`${fileName}: not valid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
  const result = ProposalModesSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "(root)";
    throw new ProposalModesError(`${fileName}: ${field}: ${issue?.message}`);
  }
  return result.data;
}
