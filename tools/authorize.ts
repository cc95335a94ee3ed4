/** Folds the kernel's decisions on every action of one call into one: deny beats ask beats allow. */
import type { Decision } from "../kernel/policy/types";

const STRICTNESS = { allow: 0, ask: 1, deny: 2 } as const;

export function mostRestrictive(decisions: readonly Decision[]): Decision {
  let result: Decision = { effect: "deny", rule: "default-deny", reason: "no action was checked" };
  let strictness = -1;
  for (const decision of decisions) {
    if (STRICTNESS[decision.effect] > strictness) {
      result = decision;
      strictness = STRICTNESS[decision.effect];
    }
  }
  return result;
}
