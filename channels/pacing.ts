/**
 * Proactive send pacing: which rate rules hold back one outbound payload, so Cairn stays under
 * the platforms' limits instead of learning them from a 429. A rule is "at most `limit` sends in
 * any `windowMs`" for one scope; the Tenant Durable Object counts them (durable-objects/tenant/
 * send-pacer.ts), so every isolate of the outbound consumer sees the same counts.
 *
 * Each adapter states its platform's documented limits (`pacingDefaults`, by rule name) and which
 * rules a payload must pass (channels/<platform>/pacing.ts). Each channel may override a rule in
 * `config.pacing[<platform>][<rule>]` (PATCH /api/channels/:id); `null` switches it off.
 */
import { z } from "zod";

export const PaceLimitSchema = z
  .object({
    limit: z.number().int().min(1).max(10_000),
    windowMs: z.number().int().min(100).max(3_600_000),
  })
  .strict();
export type PaceLimit = z.infer<typeof PaceLimitSchema>;

/** Overrides by platform, then rule name; the registry refuses names no adapter defines. */
export const PacingConfigSchema = z.record(
  z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/), PaceLimitSchema.nullable()),
);
export type PacingConfig = z.infer<typeof PacingConfigSchema>;

export interface PaceRule extends PaceLimit {
  /** What the limit counts: `chat:<channel>:<conversation>`, `bot:<channel>`, … */
  scope: string;
}

/**
 * The limit in force for one rule: the channel's override when it sets one (null: off), else the
 * platform's default.
 */
export function paceLimit(
  config: PacingConfig | undefined,
  platform: string,
  rule: string,
  defaults: Record<string, PaceLimit | undefined>,
): PaceLimit | undefined {
  const configured = config?.[platform]?.[rule];
  return configured === undefined ? defaults[rule] : (configured ?? undefined);
}

/** A rule for `scope` under `limit`, or none when the limit is off. */
export function paceRule(scope: string, limit: PaceLimit | undefined): PaceRule[] {
  return limit ? [{ scope, limit: limit.limit, windowMs: limit.windowMs }] : [];
}

/** The spacing the strictest rule asks for between two sends: how far apart to stagger waiting sends. */
export function paceSpacingMs(rules: readonly PaceRule[]): number {
  return Math.max(0, ...rules.map((r) => Math.ceil(r.windowMs / r.limit)));
}
