import type { EmbeddingProvider } from "../memory/embedding";
import type { ContextAssemblyOptions } from "./assemble-context";
import type { ConversationMessageLine, ConversationQuestionLine } from "./conversation-lines";
import type { Summariser } from "./summary-refresh";
import { type ReplayFactExtractor, ThreadReplay } from "./thread-replay";
import { messageVectorScores } from "./vector-scores";

/**
 * Long conversations written by others, replayed into one thread each, then one prompt per
 * question: which messages made it into the prompt, and at what cost. Shared by
 * `cairn context eval` and `npm run bench:context-eval`, so both measure the same thing.
 */

export interface ContextEvalAnswer {
  id: string;
  conversation: string;
  /** Message ids whose text is in the prompt, in the order the assembler chose them. */
  included: string[];
  tokens: number;
  /** Wall time of assembling this prompt (ranking included), in milliseconds. */
  ms: number;
}

export interface ContextEvalSettings {
  budgetTokens: number;
  extractFacts: ReplayFactExtractor;
  summarise: Summariser;
  /** When given, message vectors join the ranking (cached per message for the run). */
  embeddings?: EmbeddingProvider;
  assembly?: ContextAssemblyOptions;
  /** Who asks; the questions carry no speaker. */
  asker?: string;
  clock?: () => number;
}

/**
 * @example
 * for await (const answer of evaluateContext(messages, questions, { budgetTokens: 2_000, extractFacts, summarise }))
 *   console.log(JSON.stringify({ id: answer.id, included: answer.included, tokens: answer.tokens }));
 */
export async function* evaluateContext(
  messages: readonly ConversationMessageLine[],
  questions: readonly ConversationQuestionLine[],
  settings: ContextEvalSettings,
): AsyncGenerator<ContextEvalAnswer> {
  const clock = settings.clock ?? (() => performance.now());
  const byConversation = new Map<string, ConversationMessageLine[]>();
  for (const message of messages) {
    const list = byConversation.get(message.conversation) ?? [];
    list.push(message);
    byConversation.set(message.conversation, list);
  }
  const threads = new Map<string, ThreadReplay>();
  const vectorCache = new Map<string, number[]>();
  for (const question of questions) {
    let thread = threads.get(question.conversation);
    if (!thread) {
      thread = new ThreadReplay({
        threadId: question.conversation,
        title: question.conversation,
        extractFacts: settings.extractFacts,
        summarise: settings.summarise,
      });
      // Arrival order is file order, as a chat delivers it.
      for (const message of byConversation.get(question.conversation) ?? []) {
        await thread.receive({ id: message.id, author: message.speaker, text: message.text, at: message.at });
      }
      threads.set(question.conversation, thread);
    }
    const started = clock();
    const vectorScores = settings.embeddings
      ? await messageVectorScores(settings.embeddings, question.question, thread.history(), vectorCache)
      : undefined;
    const context = thread.assemble(
      { id: question.id, author: settings.asker ?? "user", text: question.question },
      settings.budgetTokens,
      { ...settings.assembly, vectorScores },
    );
    const ms = clock() - started;
    yield {
      id: question.id,
      conversation: question.conversation,
      included: context.included.filter((item) => item.tier === "recent").map((item) => item.id),
      tokens: context.totalTokens,
      ms,
    };
  }
}
