/**
 * What `decide()` accepts before any rule is looked at. Actions come from model output, API
 * bodies and the CLI: a field of the wrong type or an absurd size is answered with a denial
 * that says so, never with an exception and never with work proportional to the input.
 */
import { defaultDeny } from "./effects";
import type { Action, Decision } from "./types";

/** Longest accepted values (characters). Shell commands have their own, per-policy limit. */
export const ACTION_FIELD_LIMITS = {
  agentId: 256,
  /** PATH_MAX on Linux. */
  path: 4096,
  /** Far beyond any URL a browser or server accepts in practice. */
  url: 16_384,
  method: 32,
  channel: 256,
  recipient: 1024,
  currentConversation: 1024,
  tool: 256,
  /** Before the policy's own `shell.limits.maxCommandBytes`, so an absurd string costs nothing. */
  command: 1_000_000,
} as const;

type Field = keyof typeof ACTION_FIELD_LIMITS;

const required: Record<Action["kind"], readonly Field[]> = {
  shell: ["agentId", "command"],
  filesystem: ["agentId", "path"],
  network: ["agentId", "url", "method"],
  message: ["agentId", "channel", "recipient"],
  tool: ["agentId", "tool"],
};

/** A denial naming what is wrong with `action`, or undefined when it is well-formed. */
export function invalidAction(action: unknown): Decision | undefined {
  if (typeof action !== "object" || action === null) return defaultDeny("the action is not an object");
  const record = action as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== "string" || !Object.hasOwn(required, kind))
    return defaultDeny(`unknown action kind ${safeJson(kind)}`);
  const fields = [...required[kind as Action["kind"]]];
  if (kind === "message" && record.currentConversation !== undefined) fields.push("currentConversation");
  for (const field of fields) {
    const value = record[field];
    if (typeof value !== "string") return defaultDeny(`the action's ${field} is not a string`);
    const limit = ACTION_FIELD_LIMITS[field];
    if (value.length > limit) return defaultDeny(`the action's ${field} is longer than ${limit} characters`);
  }
  if (kind === "filesystem" && record.operation !== "read" && record.operation !== "write")
    return defaultDeny(`unknown filesystem operation ${safeJson(record.operation)}`);
  return undefined;
}

function safeJson(value: unknown): string {
  try {
    return String(JSON.stringify(value)).slice(0, 64);
  } catch {
    return "(unprintable)";
  }
}
