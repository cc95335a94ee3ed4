/**
 * The policy language: the shape of a YAML policy file, validated with zod.
 * Every object is strict so that a misspelt key ("alow:") is an error instead of a rule that
 * silently never applies — a silent no-op in a deny-by-default system hides mistakes.
 */
import { z } from "zod";

/** Agent ids a rule applies to; "*" means every agent. Omitted means every agent. */
const agentList = z.array(z.string().min(1)).min(1).default(["*"]);
/** What a matching allow rule grants: run it, or turn it into a proposal a human approves. */
const grantEffect = z.enum(["allow", "ask"]).default("allow");
const nonEmptyStrings = z.array(z.string().min(1)).min(1);
const positiveInt = z.number().int().positive();

/** A bare program name: paths like /bin/ls are resolved by the analyser, not written here. */
const programName = z
  .string()
  .regex(/^(?:[A-Za-z0-9._+-]+|:|\[)$/, "a program is a bare name such as git or python3, without a path");

const shellAllowRule = z
  .strictObject({
    id: z.string().optional(),
    program: programName,
    agents: agentList,
    effect: grantEffect,
    /** Globs over the whole argument line (arguments joined by one space); omitted = any. */
    args: nonEmptyStrings.optional(),
    /** Globs over single arguments; an argument matching one makes this command denied. */
    blockedArgs: nonEmptyStrings.optional(),
    /**
     * The analyser denies known escapes (GTFOBins) even for allowed programs. A rule may lift
     * that only for exact uses, so it must also pin the argument line with `args`.
     */
    allowKnownEscapes: z.boolean().default(false),
    /**
     * How arguments the analyser has no table for are checked against the filesystem rules:
     * `read-write` (the default for programs it does not know), `read`, or `none` (they are not
     * files: revisions, SQL, numbers). Files a program is known to read or write are checked
     * whatever this says.
     */
    pathArgs: z.enum(["read-write", "read", "none"]).optional(),
    timeoutMs: positiveInt.optional(),
    maxOutputBytes: positiveInt.optional(),
    reason: z.string().optional(),
  })
  .refine((rule) => !rule.allowKnownEscapes || rule.args !== undefined, {
    message: "allowKnownEscapes needs `args` that pin the exact use",
    path: ["allowKnownEscapes"],
  });

const shellBlockRule = z.strictObject({
  id: z.string().optional(),
  /** Glob over the program name, e.g. "sudo" or "python*". */
  program: z.string().min(1),
  agents: agentList,
  /** Glob over the whole argument line; omitted = any. */
  args: z.string().optional(),
  /** Blocked when any single argument matches one of these globs. */
  anyArg: nonEmptyStrings.optional(),
  reason: z.string().min(1),
});

/**
 * Omitted limits fall back to DEFAULT_SHELL_LIMITS when the policy is used, not when it is
 * parsed, so that an overlay that does not mention a limit does not reset the base's value.
 */
/**
 * Escalations: an `ask` rule matches like a block rule, but instead of denying it turns an action
 * that some grant allows into a proposal. It never grants: with no grant the action stays denied.
 * The reason is shown to the approver, so it is required.
 */
const shellAskRule = shellBlockRule;

const shellLimits = z.strictObject({
  timeoutMs: positiveInt.optional(),
  maxOutputBytes: positiveInt.optional(),
  /** Longer command lines are denied before parsing: they are cheap to send, costly to analyse. */
  maxCommandBytes: positiveInt.optional(),
});

export const DEFAULT_SHELL_LIMITS = {
  timeoutMs: 30_000,
  maxOutputBytes: 64 * 1024,
  maxCommandBytes: 16 * 1024,
};
export const DEFAULT_SHELL_CWD = "/workspace";

const shellSection = z.strictObject({
  /** The working directory relative paths resolve against (the agent's workspace). */
  cwd: z.string().startsWith("/", "cwd is an absolute path").optional(),
  allow: z.array(shellAllowRule).default([]),
  block: z.array(shellBlockRule).default([]),
  ask: z.array(shellAskRule).default([]),
  limits: shellLimits.prefault({}),
});

const pathRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  // Absolute path globs, or ones starting with "**/" (anywhere); `*` stays in a segment, `**` crosses.
  paths: z.array(z.string().regex(/^(?:\/|\*\*\/)/, "path globs start with / or **/")).min(1),
  effect: grantEffect,
  reason: z.string().optional(),
});

const pathBlockRule = pathRule.omit({ effect: true }).extend({ reason: z.string().min(1) });

const pathAskRule = pathBlockRule.extend({
  /** Which accesses need approval; omitted = reads and writes. */
  operations: z
    .array(z.enum(["read", "write"]))
    .min(1)
    .default(["read", "write"]),
});

const filesystemSection = z.strictObject({
  read: z.array(pathRule).default([]),
  write: z.array(pathRule).default([]),
  block: z.array(pathBlockRule).default([]),
  ask: z.array(pathAskRule).default([]),
});

const networkAllowRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  /** Exact hosts, "*.example.com" for subdomains, or "*" for any ordinary DNS name. */
  hosts: nonEmptyStrings,
  schemes: z
    .array(z.enum(["https", "http", "wss", "ws"]))
    .min(1)
    .default(["https"]),
  /** Omitted = the scheme's default port only. */
  ports: z.array(z.number().int().min(1).max(65535)).min(1).optional(),
  methods: z
    .array(z.string().regex(/^[A-Z]+$/, "methods are upper-case, e.g. GET"))
    .min(1)
    .default(["GET", "HEAD"]),
  /** Path globs over the URL path; omitted = any path. */
  paths: nonEmptyStrings.optional(),
  /** URLs with user:password@ are refused unless the rule explicitly accepts them. */
  allowCredentials: z.boolean().default(false),
  effect: grantEffect,
  reason: z.string().optional(),
});

const networkBlockRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  hosts: nonEmptyStrings,
  paths: nonEmptyStrings.optional(),
  reason: z.string().min(1),
});

const networkAskRule = networkBlockRule.extend({
  /** Which methods need approval; omitted = every method. */
  methods: z
    .array(z.string().regex(/^[A-Z]+$/, "methods are upper-case, e.g. POST"))
    .min(1)
    .optional(),
});

const networkSection = z.strictObject({
  allow: z.array(networkAllowRule).default([]),
  block: z.array(networkBlockRule).default([]),
  ask: z.array(networkAskRule).default([]),
});

/** "$conversation" in recipients means the conversation the agent is answering in. */
const channelRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  channels: nonEmptyStrings,
  recipients: nonEmptyStrings,
  effect: grantEffect,
  reason: z.string().optional(),
});

const channelBlockRule = channelRule.omit({ effect: true }).extend({ reason: z.string().min(1) });

const channelsSection = z.strictObject({
  allow: z.array(channelRule).default([]),
  block: z.array(channelBlockRule).default([]),
  ask: z.array(channelBlockRule).default([]),
});

/**
 * Tool names are globs. MCP tools are `mcp:<server>:<tool>` and are reached only by patterns that
 * start with `mcp:` (so `tools: ["*"]` written before a server was registered grants none of it).
 */
const toolRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  tools: nonEmptyStrings,
  effect: grantEffect,
  /**
   * MCP only: an MCP server may annotate a tool as destructive or open-world, which turns an
   * `allow` into `ask`. `overrideHints: true` says this grant's effect stands regardless.
   */
  overrideHints: z.boolean().default(false),
  reason: z.string().optional(),
});

const toolBlockRule = toolRule
  .omit({ effect: true, overrideHints: true })
  .extend({ reason: z.string().min(1) });

const toolsSection = z.strictObject({
  allow: z.array(toolRule).default([]),
  block: z.array(toolBlockRule).default([]),
  ask: z.array(toolBlockRule).default([]),
});

const rateLimitRule = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  /** Tool names ("*" for all) the budget counts. */
  tools: nonEmptyStrings.default(["*"]),
  perMinute: positiveInt.optional(),
  perHour: positiveInt.optional(),
  perDay: positiveInt.optional(),
});

/** Shell limits for some agents, over `shell.limits`; later entries win. */
const agentShellLimits = z.strictObject({
  id: z.string().optional(),
  agents: agentList,
  timeoutMs: positiveInt.optional(),
  maxOutputBytes: positiveInt.optional(),
  maxCommandBytes: positiveInt.optional(),
});

const limitsSection = z.strictObject({
  rates: z.array(rateLimitRule).default([]),
  shell: z.array(agentShellLimits).default([]),
});

export const policySchema = z.strictObject({
  version: z.literal(1),
  name: z.string().optional(),
  description: z.string().optional(),
  shell: shellSection.prefault({}),
  filesystem: filesystemSection.prefault({}),
  network: networkSection.prefault({}),
  channels: channelsSection.prefault({}),
  tools: toolsSection.prefault({}),
  limits: limitsSection.prefault({}),
});

export type Policy = z.infer<typeof policySchema>;
export type ShellAllowRule = Policy["shell"]["allow"][number];
export type ShellBlockRule = Policy["shell"]["block"][number];
export type ShellLimits = Policy["shell"]["limits"];
export type PathRule = Policy["filesystem"]["read"][number];
export type PathBlockRule = Policy["filesystem"]["block"][number];
export type NetworkAllowRule = Policy["network"]["allow"][number];
export type NetworkBlockRule = Policy["network"]["block"][number];
export type ChannelRule = Policy["channels"]["allow"][number];
export type ToolRule = Policy["tools"]["allow"][number];
export type RateLimitRule = Policy["limits"]["rates"][number];
