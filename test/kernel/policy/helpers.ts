/** Shared fixtures: the real default policy file and small policies written inline. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Action, type Decision, decide, type Policy, parsePolicy } from "../../../kernel/policy/index";

const root = path.join(import.meta.dirname, "../../..");

export function loadPolicyFile(relativePath: string): Policy {
  return parsePolicy(readFileSync(path.join(root, relativePath), "utf8"), relativePath);
}

export const defaultPolicy = loadPolicyFile("policies/default.yaml");

export function shell(policy: Policy, command: string, agentId = "assistant"): Decision {
  return decide(policy, { kind: "shell", agentId, command });
}

export function effectOf(policy: Policy, action: Action): Decision["effect"] {
  return decide(policy, action).effect;
}

/** A policy from inline YAML, for tests that need one specific rule. */
export function policyFrom(yaml: string): Policy {
  return parsePolicy(yaml, "inline.yaml");
}
