/**
 * How decisions combine. Within one check, a matching block rule denies outright; otherwise
 * the most permissive matching grant applies (an explicit `allow` for a narrow case beats a
 * broad `ask`). Across the parts of one action (every command of a pipeline, every form of a
 * path) the strictest part decides: deny > ask > allow.
 */
import type { CompiledRule } from "./compile";
import type { Decision, Effect } from "./types";

const strictness: Record<Effect, number> = { allow: 0, ask: 1, deny: 2 };

export const DEFAULT_DENY_RULE = "default-deny";

export function deny(rule: string, reason: string): Decision {
  return { effect: "deny", rule, reason };
}

export function defaultDeny(reason: string): Decision {
  return { effect: "deny", rule: DEFAULT_DENY_RULE, reason };
}

/** The stricter of two decisions; on a tie the first is kept (it names the earlier rule). */
export function stricter(a: Decision | undefined, b: Decision): Decision {
  return a === undefined || strictness[b.effect] > strictness[a.effect] ? b : a;
}

/** The grant among `matching` rules: allow beats ask; undefined when nothing matched. */
export function bestGrant<T extends CompiledRule>(matching: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const rule of matching) {
    if (rule.effect === "allow") return rule;
    if (!best) best = rule;
  }
  return best;
}

export function grantDecision(rule: CompiledRule, what: string): Decision {
  const verb = rule.effect === "allow" ? "allowed" : "needs approval";
  return { effect: rule.effect, rule: rule.label, reason: rule.reason ?? `${what} ${verb} by ${rule.label}` };
}

/**
 * An `ask` rule applied to a decision: an allowed action becomes a proposal naming the ask rule.
 * It never grants — a denial stays a denial — and an action already asked keeps its rule.
 */
export function escalate(decision: Decision, rule: CompiledRule | undefined, what: string): Decision {
  if (!rule || decision.effect !== "allow") return decision;
  return {
    ...decision,
    effect: "ask",
    rule: rule.label,
    reason: `${what} needs approval: ${rule.reason ?? rule.label}`,
  };
}
