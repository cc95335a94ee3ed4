/**
 * Chooses how one action runs: the first matching rule of proposal-modes.yaml, then the
 * policy kernel's verdict as a floor, then the irreversible-action rule, then entity guards.
 * Pure, so the same answer comes out in the Worker, the CLI and the tests.
 */
import type { EntityGuard, ModeRule, ProposalMode, ProposalModes } from "./modes-config";

export interface ModeRequest {
  action: string;
  agentId: string;
  target: string;
  reversible: boolean;
  /** The policy kernel's effect for the call: "deny" never reaches here. */
  policyEffect: "allow" | "ask";
  entities: ReadonlyArray<{ id: string; name: string; flags: readonly string[] }>;
  /**
   * Set (to the reason) when a human must approve whatever the rules say: the trust rule found
   * an argument that did not come from trusted input (kernel/trust). A hold or an undo window is
   * not enough then, because nobody would look before it runs.
   */
  humanRequired?: { rule: string; reason: string };
}

export interface ModeResolution {
  mode: ProposalMode;
  /** Which rule or guard decided, e.g. "rules[2]:send-to-clients" or "guard:in_dispute". */
  rule: string;
  reason: string;
  windowMs: number;
  holdMs: number;
  approvalsNeeded: number;
  expiresInMs: number;
}

const MINUTE = 60_000;
const STRICTNESS: Record<ProposalMode, number> = {
  auto: 0,
  auto_with_window: 1,
  hold_then_execute: 2,
  require_approval: 3,
  forbid: 4,
};

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", ".*");
  return new RegExp(`^${escaped}$`, "i");
}

function matches(globs: readonly string[] | undefined, value: string): boolean {
  return !globs || globs.some((glob) => globToRegExp(glob).test(value));
}

function ruleMatches(rule: ModeRule, request: ModeRequest): boolean {
  return (
    matches(rule.actions, request.action) &&
    matches(rule.agents, request.agentId) &&
    matches(rule.targets, request.target)
  );
}

function guardMatches(guard: EntityGuard, request: ModeRequest) {
  if (!matches(guard.actions, request.action)) return undefined;
  return request.entities.find((entity) => entity.flags.includes(guard.flag));
}

/**
 * @example resolveMode(modes, { action: "send_email", agentId: "finance", target: "email:a@b.c",
 *   reversible: false, policyEffect: "allow", entities: [] })
 */
export function resolveMode(modes: ProposalModes, request: ModeRequest): ModeResolution {
  const { defaults } = modes;
  const index = modes.rules.findIndex((rule) => ruleMatches(rule, request));
  const rule = index >= 0 ? modes.rules[index] : undefined;
  const resolution: ModeResolution = {
    mode: rule?.mode ?? (request.policyEffect === "ask" ? "require_approval" : "auto"),
    rule: rule ? `rules[${index}]:${rule.id}` : `default:${request.policyEffect}`,
    reason:
      rule?.reason ??
      (rule
        ? `${request.action} on ${request.target} runs as ${rule.mode}`
        : request.policyEffect === "ask"
          ? "the policy asks a human first"
          : "the policy allows it"),
    windowMs: (rule?.windowMinutes ?? defaults.windowMinutes) * MINUTE,
    holdMs: (rule?.holdMinutes ?? rule?.windowMinutes ?? defaults.holdMinutes) * MINUTE,
    approvalsNeeded: rule?.approvals ?? 1,
    expiresInMs: (rule?.expiryMinutes ?? defaults.approvalExpiryMinutes) * MINUTE,
  };

  // An "ask" from the policy kernel never runs with no human check at all: the window or the
  // hold is that check, plain auto is not.
  if (request.policyEffect === "ask" && resolution.mode === "auto") {
    resolution.mode = "require_approval";
    resolution.reason = `the policy asks a human first (${resolution.rule} would run it unattended)`;
  }
  // Nothing can be undone after an irreversible action: its window is spent before it runs.
  if (!request.reversible && resolution.mode === "auto_with_window") {
    resolution.mode = "hold_then_execute";
    resolution.holdMs = resolution.windowMs;
    resolution.reason = `${resolution.reason}; irreversible, so it is held for the window and sent after`;
  }

  if (request.humanRequired) {
    if (STRICTNESS[resolution.mode] < STRICTNESS.require_approval) {
      resolution.mode = "require_approval";
      resolution.rule = request.humanRequired.rule;
      resolution.reason = request.humanRequired.reason;
    } else {
      // Already waiting for a human: the approver still sees where the arguments came from.
      resolution.reason = `${resolution.reason}; ${request.humanRequired.reason}`;
    }
  }

  for (const guard of modes.guards) {
    const entity = guardMatches(guard, request);
    if (!entity || STRICTNESS[guard.mode] < STRICTNESS[resolution.mode]) continue;
    resolution.mode = guard.mode;
    resolution.rule = `guard:${guard.flag}`;
    resolution.reason =
      guard.reason ?? `${entity.name} is flagged ${guard.flag}: ${guard.mode.replace("_", " ")}`;
    resolution.approvalsNeeded = Math.max(resolution.approvalsNeeded, guard.approvals ?? 1);
  }
  return resolution;
}
