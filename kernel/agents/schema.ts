/**
 * The shape of an agent definition (agents/*.yaml and the per-tenant copies stored as JSON).
 *
 * Every object is strict: a misspelt key ("shedule") is refused rather than silently ignored,
 * because an ignored key is a setting the operator believes is in force and is not.
 * The parsed value has the same shape as the YAML, so a JSON copy re-validates with this schema.
 */
import { Cron } from "croner";
import { z } from "zod";
import { durationPattern, parseDurationMs } from "./duration";

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,62}$/, "must be lower-case letters, digits, '-' or '_', starting with a letter");

const duration = z.string().regex(durationPattern, "must be a duration like 30s, 15m, 4h, 2d or 1w");

/** Model tiers, cheapest first; the router never goes above an agent's `max_tier`. */
export const modelTiers = ["T0", "T1", "T2", "T3", "T4"] as const;
export const modelTierSchema = z.enum(modelTiers);
export type AgentModelTier = z.infer<typeof modelTierSchema>;

/** A cycle more often than once a minute would only burn budget: findings do not change that fast. */
const minimumIntervalMs = 60_000;

const intervalScheduleSchema = z.strictObject({
  every: duration.refine((text) => (parseDurationMs(text) ?? 0) >= minimumIntervalMs, {
    message: "must be at least 1m",
  }),
});

function cronProblem(expression: string, timezone: string | undefined): string | undefined {
  try {
    // Paused and without a callback: croner only parses, it arms no timer (workerd forbids global timers).
    const cron = new Cron(expression, { paused: true, mode: "5-part", timezone });
    if (cron.nextRun(new Date(0)) === null) return "never fires";
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

const cronScheduleSchema = z
  .strictObject({
    /** Five fields: minute hour day-of-month month day-of-week, e.g. "0 8 * * 1-5". */
    cron: z.string().min(1),
    /** IANA zone the expression is read in; UTC when absent. */
    timezone: z.string().min(1).optional(),
  })
  .superRefine((value, ctx) => {
    const problem = cronProblem(value.cron, value.timezone);
    if (problem)
      ctx.addIssue({ code: "custom", path: ["cron"], message: `is not a valid cron schedule: ${problem}` });
  });

export type IntervalSchedule = z.infer<typeof intervalScheduleSchema>;
export type CronSchedule = z.infer<typeof cronScheduleSchema>;
export type Schedule = IntervalSchedule | CronSchedule;

/**
 * Either `{every: "15m"}` or `{cron: "0 8 * * 1-5", timezone?: "Europe/London"}`.
 * Chosen by key before validating, so an error names the field rather than "no union member matched".
 */
export const scheduleSchema = z.custom<Schedule>().superRefine((value, ctx) => {
  const isRecord = typeof value === "object" && value !== null && !Array.isArray(value);
  const hasEvery = isRecord && "every" in value;
  const hasCron = isRecord && "cron" in value;
  if (hasEvery === hasCron) {
    ctx.addIssue({ code: "custom", message: 'must have exactly one of "every" (e.g. 15m) or "cron"' });
    return;
  }
  const result = (hasEvery ? intervalScheduleSchema : cronScheduleSchema).safeParse(value);
  if (!result.success) {
    for (const issue of result.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  }
});

/** Where an agent looks for work on each cycle; each kind is one pluggable discoverer. */
export const discoverySourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("overdue_invoices"), grace: duration.default("0d") }),
  z.strictObject({ kind: z.literal("stale_tasks"), older_than: duration }),
  z.strictObject({
    kind: z.literal("unanswered_messages"),
    older_than: duration,
    channels: z.array(slug).optional(),
  }),
  z.strictObject({ kind: z.literal("due_dates"), within: duration, entity: slug }),
  z.strictObject({
    kind: z.literal("http"),
    url: z.url({ protocol: /^https$/, error: "must be an https URL" }),
    format: z.enum(["json", "rss", "atom"]),
  }),
]);
export type DiscoverySource = z.infer<typeof discoverySourceSchema>;

const patternList = z.array(z.string().min(1)).optional();
const ruleSetSchema = z.strictObject({ allow: patternList, ask: patternList, deny: patternList });

/**
 * Extra rules layered over the tenant policy for this agent only. The policy kernel applies
 * them with deny winning, so an overlay can narrow what an agent may do but never widen it.
 */
export const policyOverlaySchema = z.strictObject({
  shell: ruleSetSchema.optional(),
  filesystem: ruleSetSchema.optional(),
  network: ruleSetSchema.optional(),
  message: ruleSetSchema.optional(),
  tool: ruleSetSchema.optional(),
});
export type PolicyOverlay = z.infer<typeof policyOverlaySchema>;

export const agentDefinitionSchema = z.strictObject({
  id: slug,
  name: z.string().min(1).max(80),
  role: z.string().min(1).max(200),
  instructions: z.string().min(1),
  max_tier: modelTierSchema,
  tools: z
    .array(slug)
    .min(1)
    .refine((tools) => new Set(tools).size === tools.length, "lists a tool twice"),
  channels: z.array(slug).default([]),
  schedule: scheduleSchema,
  discovery: z.array(discoverySourceSchema).default([]),
  policy: policyOverlaySchema.optional(),
});

/** A validated agent definition, defaults filled in. */
export type AgentDefinition = z.infer<typeof agentDefinitionSchema>;
