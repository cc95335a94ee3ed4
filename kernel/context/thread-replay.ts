import { type FactSet, recordFact } from "../memory/facts";
import type { ThreadMessage, ThreadSummary } from "../memory/tiers";
import { type AssembledContext, assembleContext, type ContextAssemblyOptions } from "./assemble-context";
import {
  DEFAULT_SUMMARY_POLICY,
  planSummaryRefresh,
  refreshSummary,
  type Summariser,
  type SummaryRefreshPolicy,
  unsummarisedMessages,
} from "./summary-refresh";

/**
 * One context thread's memory, replayed in a plain process: messages arrive one at a time, and
 * after each the same steps the ContextThread's turn runs are taken in the same order
 * (durable-objects/context-thread/thread-memory.ts: facts from the new message, the summary folded
 * when the refresh policy says so), through the same kernel functions; a question is then answered
 * with the prompt assembled as the turn assembles it (whole history, tail, summary, thread facts).
 * What it leaves out is what lives outside the thread: D1 tasks, other threads' facts, lessons,
 * the knowledge base. The Durable Object itself needs workerd; this is what the CLI and the
 * benchmarks run.
 */

export type ReplayFactExtractor = (text: string) => Promise<{ attribute: string; value: string }[]>;

export interface ThreadReplayOptions {
  threadId: string;
  title: string;
  extractFacts: ReplayFactExtractor;
  summarise: Summariser;
  summaryPolicy?: SummaryRefreshPolicy;
}

export class ThreadReplay {
  private readonly messages: ThreadMessage[] = [];
  private summary: ThreadSummary | undefined;
  private facts: FactSet = {};
  private lastAt = 0;

  constructor(private readonly options: ThreadReplayOptions) {}

  get messageCount(): number {
    return this.messages.length;
  }

  /** Every message so far, in arrival order (times made non-decreasing, as the thread does). */
  history(): readonly ThreadMessage[] {
    return this.messages;
  }

  /** A chat message arrives: stored, mined for facts, and folded into the summary when due. */
  async receive(message: { id: string; author: string; text: string; at: number }): Promise<void> {
    this.lastAt = Math.max(this.lastAt, message.at);
    const stored: ThreadMessage = { ...message, threadId: this.options.threadId, at: this.lastAt };
    this.messages.push(stored);
    for (const extracted of await this.options.extractFacts(stored.text)) {
      this.facts = recordFact(this.facts, {
        subjectId: this.options.threadId,
        attribute: extracted.attribute,
        value: extracted.value,
        observedAt: stored.at,
        sourceMessageId: stored.id,
      }).facts;
    }
    const plan = planSummaryRefresh(
      unsummarisedMessages(this.messages, this.summary),
      this.options.summaryPolicy ?? DEFAULT_SUMMARY_POLICY,
    );
    if (plan.refresh) {
      this.summary = await refreshSummary({
        threadId: this.options.threadId,
        summary: this.summary,
        plan,
        summarise: this.options.summarise,
        now: stored.at,
      });
    }
  }

  /**
   * The prompt a turn answering `message` would read. The message is not stored: each question is
   * answered from the conversation as it stands, so questions do not feed each other.
   */
  assemble(
    message: { id: string; author: string; text: string },
    budgetTokens: number,
    options: ContextAssemblyOptions = {},
    /** False reproduces assembly before history search: the unsummarised tail and the summary only. */
    searchHistory = true,
  ): AssembledContext {
    const { threadId, title } = this.options;
    return assembleContext(
      {
        now: this.lastAt,
        thread: { threadId, title, kind: "conversation" },
        message,
        recentMessages: unsummarisedMessages(this.messages, this.summary),
        history: searchHistory ? [...this.messages] : [],
        summary: this.summary,
        threadFacts: Object.values(this.facts),
        subjectNames: { [threadId]: title },
        focusSubjectIds: [threadId],
      },
      budgetTokens,
      options,
    );
  }
}
