/**
 * The ContextThread's thread-level operations behind its RPC methods: the snapshot the API and
 * `/thread` show, hand-off between agents, and the two halves of a merge. Kept out of
 * context-thread.ts so that file stays about receiving messages and running turns.
 */
import { z } from "zod";
import type {
  ContextReportRow,
  ParticipatingAgent,
  StoredSummary,
  ThreadMemoryStore,
} from "../../durable-objects/context-thread/thread-memory-store";
import type { StoredThreadMessage, ThreadStore } from "../../durable-objects/context-thread/thread-store";
import type { Fact, FactSet } from "../../kernel/memory/facts";

export interface ThreadSnapshot {
  threadId: string;
  mergedInto?: string;
  messageCount: number;
  summary?: Omit<StoredSummary, "threadId">;
  facts: Fact[];
  agents: ParticipatingAgent[];
  handoffs: { key: string; from: string; to: string; note: string; at: number }[];
  recentMessages: { id: string; author: string; text: string; at: number }[];
  lastContext?: ContextReportRow;
}

export function threadSnapshot(
  store: ThreadStore,
  memory: ThreadMemoryStore,
  threadId: string,
  recent = 10,
): ThreadSnapshot {
  const stored = memory.summary();
  const tail = store.messagesAfter(stored?.coversThroughSeq ?? 0);
  const summary = stored ? (({ threadId: _thread, ...rest }) => rest)(stored) : undefined;
  return {
    threadId,
    mergedInto: store.getSetting("merged_into"),
    messageCount: store.messageCount(),
    summary,
    facts: Object.values(memory.facts()),
    agents: memory.agents(),
    handoffs: memory.handoffs(),
    recentMessages: tail.slice(-recent).map(({ id, author, text, at }) => ({ id, author, text, at })),
    lastContext: memory.latestReport(),
  };
}

export const HandOffRequestSchema = z
  .object({
    tenantId: z.string().min(1),
    threadId: z.string().min(1),
    fromAgentId: z.string().min(1),
    toAgentId: z.string().min(1),
    note: z.string().min(1).max(4_000),
    /** The caller's idempotency key: a repeated hand-off runs no second turn. */
    handoffKey: z.string().min(1).max(200),
  })
  .strict();
export type ThreadHandOffRequest = z.infer<typeof HandOffRequestSchema>;

/** RPC callers get an error that names the fields (a ZodError loses its issues crossing RPC). */
export function parseHandOff(raw: unknown): ThreadHandOffRequest {
  const parsed = HandOffRequestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(request)"}: ${issue.message}`,
  );
  throw new Error(`invalid hand-off request: ${fields.join("; ")}`);
}

export interface HandOffResult {
  threadId: string;
  toAgentId: string;
  reply: string;
  repeated: boolean;
  /** The summary the receiving agent started from: the same version before and after. */
  summaryVersion: number;
  contextTokens: number;
  included: string[];
}

/** Everything a merge moves out of the source thread. */
export interface MergeExport {
  messages: { id: string; role: "user" | "assistant"; sender: string; text: string; at: number }[];
  facts: FactSet;
}

export function exportForMerge(store: ThreadStore, memory: ThreadMemoryStore): MergeExport {
  const messages: MergeExport["messages"] = [];
  let after = 0;
  for (let page = store.messagesAfter(after); page.length > 0; page = store.messagesAfter(after)) {
    messages.push(...page.map(toMergeMessage));
    after = page.at(-1)!.seq;
  }
  return { messages, facts: memory.facts() };
}

/**
 * Takes in the source's messages (under their own keys, so a repeat adds nothing) and the merged
 * fact set the kernel planned. The summary is left as it is: the moved messages are after it and
 * the next refresh folds them like any others.
 */
export function absorbMerge(
  store: ThreadStore,
  memory: ThreadMemoryStore,
  moved: MergeExport["messages"],
  facts: FactSet,
  at: number,
) {
  for (const message of moved) store.importMessage(message);
  memory.saveFacts(memory.facts(), facts, at);
}

function toMergeMessage(message: StoredThreadMessage): MergeExport["messages"][number] {
  const sender = message.author.replace(/^(user|agent):/, "");
  return { id: message.id, role: message.role, sender, text: message.text, at: message.at };
}
