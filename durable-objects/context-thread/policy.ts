/**
 * The policy every turn is checked against: policies/default.yaml, bundled into the Worker as
 * text and parsed once per isolate. A policy that fails validation stops the Worker loudly
 * rather than running with no rules.
 */
import { parsePolicy } from "../../kernel/policy";
import defaultPolicyText from "../../policies/default.yaml";

export interface LoadedPolicy {
  policy: ReturnType<typeof parsePolicy>;
  source: string;
}

let cached: LoadedPolicy | undefined;

export function loadDefaultPolicy(): LoadedPolicy {
  cached ??= {
    policy: parsePolicy(defaultPolicyText, "policies/default.yaml"),
    source: "policies/default.yaml",
  };
  return cached;
}
