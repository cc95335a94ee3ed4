/**
 * Limits are policy data the executors enforce: the sandbox reads the shell limits, the
 * Tenant Durable Object (or Upstash) enforces the rate budgets. The kernel only resolves
 * which numbers apply to an agent.
 */
import { appliesTo } from "./applies-to";
import { DEFAULT_SHELL_CWD, DEFAULT_SHELL_LIMITS, type Policy, type RateLimitRule } from "./schema";
import type { ShellCommandLimits } from "./types";

export interface ShellLimitsForAgent extends ShellCommandLimits {
  maxCommandBytes: number;
  /** The directory the sandbox starts commands in; relative paths are checked against it. */
  cwd: string;
}

/**
 * The shell limits for an agent: `shell.limits`, then the `limits.shell` entries naming the
 * agent (later ones win), then the defaults. A decision for one command carries its own,
 * possibly tighter, `limits`.
 *
 * @example shellLimitsFor(policy, "ops") // { timeoutMs: 30000, maxOutputBytes: 65536, maxCommandBytes: 16384, cwd: "/workspace" }
 */
export function shellLimitsFor(policy: Policy, agentId: string): ShellLimitsForAgent {
  const limits = { ...policy.shell.limits };
  for (const entry of policy.limits.shell) {
    if (!appliesTo(entry.agents, agentId)) continue;
    if (entry.timeoutMs !== undefined) limits.timeoutMs = entry.timeoutMs;
    if (entry.maxOutputBytes !== undefined) limits.maxOutputBytes = entry.maxOutputBytes;
    if (entry.maxCommandBytes !== undefined) limits.maxCommandBytes = entry.maxCommandBytes;
  }
  return {
    timeoutMs: limits.timeoutMs ?? DEFAULT_SHELL_LIMITS.timeoutMs,
    maxOutputBytes: limits.maxOutputBytes ?? DEFAULT_SHELL_LIMITS.maxOutputBytes,
    maxCommandBytes: limits.maxCommandBytes ?? DEFAULT_SHELL_LIMITS.maxCommandBytes,
    cwd: policy.shell.cwd ?? DEFAULT_SHELL_CWD,
  };
}

export interface RateLimit {
  rule: string;
  perMinute: number | undefined;
  perHour: number | undefined;
  perDay: number | undefined;
}

/**
 * Whether a budget's tool entry counts `tool`: "*" counts every call, a name its own calls, and
 * `mcp:<server>:*` every tool of that MCP server (so one budget can cover a whole server).
 */
function budgetCounts(entry: string, tool: string): boolean {
  if (entry === "*" || entry === tool) return true;
  return entry.startsWith("mcp:") && entry.endsWith(":*") && tool.startsWith(entry.slice(0, -1));
}

/** Every rate budget that counts a call of `tool` by `agentId` (all of them must have room). */
export function rateLimitsFor(policy: Policy, agentId: string, tool: string): RateLimit[] {
  return policy.limits.rates.flatMap((rule: RateLimitRule, index) =>
    appliesTo(rule.agents, agentId) && rule.tools.some((entry) => budgetCounts(entry, tool))
      ? [
          {
            rule: rule.id ?? `limits.rates[${index}]`,
            perMinute: rule.perMinute,
            perHour: rule.perHour,
            perDay: rule.perDay,
          },
        ]
      : [],
  );
}
