import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ConversationMessageLine,
  type ConversationQuestionLine,
  conversationMessageLineSchema,
  conversationQuestionLineSchema,
  parseConversationLines,
} from "../kernel/context/conversation-lines";
import { generateContextWorkload } from "./data/context-workload";

/**
 * The context-eval sets, in the `cairn context eval` line format: LoCoMo development conversations
 * read from the shared data folder (never copied into the repository: CC BY-NC 4.0), and Cairn's
 * own generated workloads turned into one long conversation per seed. Evidence labels stay on the
 * question lines' annotations; only the scorer reads them.
 */

export interface EvalSet {
  name: string;
  messages: ConversationMessageLine[];
  questions: (ConversationQuestionLine & { evidence: string[] })[];
}

export function locomoDir(args: readonly string[]): string {
  const flag = args.indexOf("--data");
  const base =
    (flag >= 0 ? args[flag + 1] : undefined) ??
    process.env.CAIRN_SHARED_DATA ??
    join(import.meta.dirname, "..", "..", "shared", "data");
  return join(base, "locomo-dev");
}

/** Undefined when the folder is absent (a clone without the shared data): the caller skips. */
export function loadLocomo(
  dir: string,
): { messages: EvalSet["messages"]; questions: EvalSet["questions"] } | undefined {
  const messagesFile = join(dir, "messages.jsonl");
  const questionsFile = join(dir, "questions.jsonl");
  if (!existsSync(messagesFile) || !existsSync(questionsFile)) return undefined;
  const messages = parseConversationLines(readFileSync(messagesFile, "utf8"), conversationMessageLineSchema);
  const questions = parseConversationLines(
    readFileSync(questionsFile, "utf8"),
    conversationQuestionLineSchema,
  );
  const problems = [...messages.problems, ...questions.problems];
  if (problems.length > 0) throw new Error(`${dir}: ${problems.slice(0, 3).join("; ")}`);
  return {
    messages: messages.rows,
    questions: questions.rows.map((q) => ({ ...q, evidence: evidenceOf(q.annotations) })),
  };
}

function evidenceOf(annotations: Record<string, unknown>): string[] {
  const evidence = annotations.evidence;
  return Array.isArray(evidence) ? evidence.filter((id): id is string => typeof id === "string") : [];
}

/**
 * One seed of the context benchmark's workload as a single long conversation: every message in
 * arrival order, every question asked after the last message; a question's evidence is the
 * message that last stated each fact it needs (its value as of the end of the stream).
 */
export function generatedConversation(seed: number): EvalSet {
  const { workload, truth } = generateContextWorkload(seed);
  const conversation = `cairn-${seed}`;
  const messages: ConversationMessageLine[] = [];
  const questions: EvalSet["questions"] = [];
  for (const event of workload.events) {
    if (event.type === "message") {
      messages.push({
        conversation,
        id: event.item.id,
        speaker: event.author,
        text: event.item.text,
        at: event.at,
      });
      continue;
    }
    const required = truth.required[event.item.id] ?? [];
    const evidence = required
      .map((fact) => truth.lastStatedBy[`${fact.subjectId}/${fact.attribute}`])
      .filter((id): id is string => !!id);
    if (evidence.length === 0) continue;
    questions.push({
      conversation,
      id: event.item.id,
      question: event.item.text,
      annotations: {},
      evidence: [...new Set(evidence)],
    });
  }
  return { name: `generated seed ${seed}`, messages, questions };
}
