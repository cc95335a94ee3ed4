/**
 * The policy kernel: every shell command, file access, network call, message and tool call
 * an agent makes is decided here — allow, ask (a human approves first) or deny — and
 * anything no rule allows is denied. See docs/policy.md for the language and the order in
 * which rules are evaluated.
 */
export { compiledFor } from "./compile";
export { decide } from "./decide";
export { MCP_HINT_RULES } from "./decide-messages-and-tools";
export { type RateLimit, rateLimitsFor, type ShellLimitsForAgent, shellLimitsFor } from "./limits";
export { mergePolicies } from "./merge";
export { PolicyError, parsePolicy } from "./parse-policy";
export { normalizePathVariants } from "./paths";
export { type SandboxNetwork, sandboxNetworkFor } from "./sandbox-network";
export { DEFAULT_SHELL_CWD, DEFAULT_SHELL_LIMITS, type Policy, policySchema } from "./schema";
export type { Action, Decision, Effect, ShellCommandLimits, ToolHints } from "./types";

/** Where the policy every tenant starts from lives; the Worker bundles it as text. */
export const DEFAULT_POLICY_PATH = "policies/default.yaml";
