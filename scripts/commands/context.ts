/**
 * `npm run cairn -- context eval --messages <file.jsonl> --questions <file.jsonl> [--budget N] [--vectors offline]`
 *
 * Replays each conversation into one context thread, message by message, through the kernel
 * functions the ContextThread's turn calls (facts by the offline rule extractor, the extractive
 * summariser, the refresh policy), then assembles the prompt for each question as a turn would and
 * prints one line per question: `{"id","included":[message ids],"tokens":n}`. Every line of both
 * files is validated before anything runs; a bad line is named by number and field, exit code 1.
 */
import { readFileSync } from "node:fs";
import { evaluateContext } from "../../kernel/context/context-eval";
import {
  conversationMessageLineSchema,
  conversationQuestionLineSchema,
  parseConversationLines,
} from "../../kernel/context/conversation-lines";
import type { EmbeddingProvider } from "../../kernel/memory/embedding";
import { createOfflineHashedEmbedding } from "../../providers/embeddings/offline-hashed";
// The thread's own offline extractor and summariser: the same functions its turn runs unconfigured.
import { extractFactsByRules, summariseExtractively } from "../../runtime/memory/thread-extraction";

export const summary = "replay conversations into threads and show what each question's prompt holds";

export const usage = `usage: npm run cairn -- context eval --messages <file.jsonl> --questions <file.jsonl> [--budget tokens] [--vectors none|offline]

  --messages   lines {"conversation","id","speaker","text","at"} (at: ISO 8601 or epoch ms), in arrival order
  --questions  lines {"conversation","id","question"}; other fields (answer, evidence) are ignored
  --budget     the prompt's token budget, 200-200000 (default 2000, as CONTEXT_BUDGET_TOKENS)
  --vectors    add an embedding score to the ranking: "offline" (hashed n-grams) or "none" (default)

prints one JSON line per question: {"id","included":[message ids in the prompt],"tokens":n}`;

interface EvalArgs {
  messages: string;
  questions: string;
  budget: number;
  vectors: "none" | "offline";
}

function parseArgs(args: string[]): EvalArgs | string {
  const options: Partial<EvalArgs> = { budget: 2_000, vectors: "none" };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => args[++i];
    if (arg === "--messages") options.messages = value();
    else if (arg === "--questions") options.questions = value();
    else if (arg === "--budget") {
      const raw = value();
      const budget = Number(raw);
      if (!Number.isInteger(budget) || budget < 200 || budget > 200_000)
        return `--budget must be a whole number of tokens from 200 to 200000 (got ${raw ?? "nothing"})`;
      options.budget = budget;
    } else if (arg === "--vectors") {
      const raw = value();
      if (raw !== "none" && raw !== "offline")
        return `--vectors must be none or offline (got ${raw ?? "nothing"})`;
      options.vectors = raw;
    } else return arg.startsWith("--") ? `unknown option ${arg}` : `unexpected argument ${arg}`;
  }
  if (!options.messages) return "--messages needs a file";
  if (!options.questions) return "--questions needs a file";
  return options as EvalArgs;
}

function read(file: string): string | Error {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    return new Error(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === "--help" || sub === "help" || rest.includes("--help")) {
    console.log(usage);
    return sub ? 0 : 2;
  }
  if (sub !== "eval") {
    console.error(`cairn context: unknown subcommand "${sub}"\n${usage}`);
    return 2;
  }
  const parsed = parseArgs(rest);
  if (typeof parsed === "string") {
    console.error(`cairn context eval: ${parsed}\n${usage}`);
    return 2;
  }
  const messagesText = read(parsed.messages);
  const questionsText = read(parsed.questions);
  for (const text of [messagesText, questionsText]) {
    if (text instanceof Error) {
      console.error(`cairn context eval: ${text.message}`);
      return 2;
    }
  }
  const messages = parseConversationLines(messagesText as string, conversationMessageLineSchema);
  const questions = parseConversationLines(questionsText as string, conversationQuestionLineSchema);
  const problems = [
    ...messages.problems.map((p) => `${parsed.messages}: ${p}`),
    ...questions.problems.map((p) => `${parsed.questions}: ${p}`),
  ];
  if (problems.length > 0) {
    for (const problem of problems.slice(0, 20)) console.error(`cairn context eval: ${problem}`);
    if (problems.length > 20) console.error(`cairn context eval: … and ${problems.length - 20} more`);
    return 1;
  }
  const known = new Set(messages.rows.map((m) => m.conversation));
  const orphans = new Set(questions.rows.map((q) => q.conversation).filter((c) => !known.has(c)));
  for (const conversation of orphans)
    console.error(
      `cairn context eval: no messages for conversation "${conversation}"; its prompts hold none`,
    );

  const embeddings: EmbeddingProvider | undefined =
    parsed.vectors === "offline" ? createOfflineHashedEmbedding() : undefined;
  for await (const answer of evaluateContext(messages.rows, questions.rows, {
    budgetTokens: parsed.budget,
    extractFacts: extractFactsByRules,
    summarise: summariseExtractively,
    embeddings,
  })) {
    console.log(JSON.stringify({ id: answer.id, included: answer.included, tokens: answer.tokens }));
  }
  return 0;
}
