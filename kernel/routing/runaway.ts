/**
 * Runaway protection: a cycle (one agent-loop run, or one thread turn with its tool calls) has
 * an allowance of model calls and money, and may not repeat the same prompt or the same tool
 * call. The ledger is a plain value so it can live in Durable Object storage between alarms.
 */

export interface RunawayLimits {
  /** Model calls with an identical (normalised) prompt allowed in one cycle. */
  maxIdenticalPrompts: number;
  /** Identical tool calls (same tool, same input) allowed in one cycle. */
  maxIdenticalToolCalls: number;
  maxModelCallsPerCycle: number;
  maxCostPerCycleMicros: number;
}

export const DEFAULT_RUNAWAY_LIMITS: RunawayLimits = {
  maxIdenticalPrompts: 2,
  maxIdenticalToolCalls: 2,
  maxModelCallsPerCycle: 25,
  maxCostPerCycleMicros: 500_000,
};

export interface CycleLedger {
  modelCalls: number;
  costMicros: number;
  promptCounts: Record<string, number>;
  toolCallCounts: Record<string, number>;
}

export type RunawayKind = "repeated_prompt" | "repeated_tool_call" | "call_allowance" | "cost_allowance";

export type RunawayVerdict = { stop: false } | { stop: true; kind: RunawayKind; reason: string };

export function emptyCycleLedger(): CycleLedger {
  return { modelCalls: 0, costMicros: 0, promptCounts: {}, toolCallCounts: {} };
}

/** Two FNV-1a passes with different offsets: a sync 64-bit fingerprint (not a security hash). */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}

/**
 * Normalises a prompt so that a loop is recognised even when only timestamps, ids or spacing
 * change between iterations ("health check at 10:01" and "health check at 10:02" are one prompt).
 */
export function promptFingerprint(prompt: string): string {
  const normalised = prompt
    .toLowerCase()
    .replace(/\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?/g, "<time>")
    .replace(/\b\d{1,2}:\d{2}(:\d{2})?\b/g, "<time>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, "<id>")
    .replace(/\s+/g, " ")
    .trim();
  return fingerprint(normalised);
}

/** Serialises a value with sorted keys so equal inputs give equal keys whatever the key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([x], [y]) =>
      x < y ? -1 : x > y ? 1 : 0,
    );
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function toolCallFingerprint(name: string, input: Record<string, unknown>): string {
  return fingerprint(`${name}\u0000${canonicalJson(input)}`);
}

/** Checks, before a model call, whether making it would be a runaway. */
export function checkModelCall(
  ledger: CycleLedger,
  prompt: string,
  estimateMicros: number,
  limits: RunawayLimits,
): RunawayVerdict {
  if (ledger.modelCalls >= limits.maxModelCallsPerCycle) {
    return {
      stop: true,
      kind: "call_allowance",
      reason: `cycle already made ${ledger.modelCalls} model calls (allowance ${limits.maxModelCallsPerCycle})`,
    };
  }
  if (ledger.costMicros + estimateMicros > limits.maxCostPerCycleMicros) {
    return {
      stop: true,
      kind: "cost_allowance",
      reason: `cycle spent ${ledger.costMicros} µ$ and this call may add ${estimateMicros} µ$ (allowance ${limits.maxCostPerCycleMicros} µ$)`,
    };
  }
  const seen = ledger.promptCounts[promptFingerprint(prompt)] ?? 0;
  if (seen >= limits.maxIdenticalPrompts) {
    return {
      stop: true,
      kind: "repeated_prompt",
      reason: `the same prompt was already sent ${seen} times in this cycle`,
    };
  }
  return { stop: false };
}

/** Records a model call after it returns, with its real cost. */
export function recordModelCall(ledger: CycleLedger, prompt: string, costMicros: number): CycleLedger {
  const key = promptFingerprint(prompt);
  return {
    ...ledger,
    modelCalls: ledger.modelCalls + 1,
    costMicros: ledger.costMicros + costMicros,
    promptCounts: { ...ledger.promptCounts, [key]: (ledger.promptCounts[key] ?? 0) + 1 },
  };
}

/** Checks, before executing a tool call, whether it repeats one already made too often. */
export function checkToolCall(
  ledger: CycleLedger,
  name: string,
  input: Record<string, unknown>,
  limits: RunawayLimits,
): RunawayVerdict {
  const seen = ledger.toolCallCounts[toolCallFingerprint(name, input)] ?? 0;
  if (seen >= limits.maxIdenticalToolCalls) {
    return {
      stop: true,
      kind: "repeated_tool_call",
      reason: `${name} was already called ${seen} times with the same input in this cycle`,
    };
  }
  return { stop: false };
}

export function recordToolCall(
  ledger: CycleLedger,
  name: string,
  input: Record<string, unknown>,
): CycleLedger {
  const key = toolCallFingerprint(name, input);
  return {
    ...ledger,
    toolCallCounts: { ...ledger.toolCallCounts, [key]: (ledger.toolCallCounts[key] ?? 0) + 1 },
  };
}
