import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ContextAssemblyOptions } from "../kernel/context/assemble-context";
import { ThreadReplay } from "../kernel/context/thread-replay";
import { messageVectorScores } from "../kernel/context/vector-scores";
import { createOfflineHashedEmbedding } from "../providers/embeddings/offline-hashed";
import { extractFactsByRules, summariseExtractively } from "../runtime/memory/thread-extraction";
import { bm25OnlyPrompt, recentWindowPrompt } from "./context-eval-baselines";
import { type EvalSet, generatedConversation, loadLocomo, locomoDir } from "./context-eval-data";
import { renderContextEvalReport, type SetResult } from "./context-eval-report";
import { GENERATED_DEV_SEEDS, GENERATED_HELD_OUT_SEEDS, isHeldOutConversation } from "./context-eval-split";

/**
 * `npm run bench:context-eval [-- --split dev|held-out|all] [--data <shared data dir>]`
 *
 * Long conversations replayed into one thread each (kernel ThreadReplay: the thread's turn steps),
 * one prompt per question; a question counts when all its evidence messages are in the prompt.
 * Cairn against a BM25-only ranking and a recent-messages window, packed the same way under the
 * same budgets. Tune with `--split dev` (prints dev sets only, writes nothing); the committed
 * report is `--split all`, held-out sets first.
 */

const args = process.argv.slice(2);
const split = args.includes("--split") ? args[args.indexOf("--split") + 1] : "all";
if (split !== "dev" && split !== "held-out" && split !== "all") {
  console.error("bench:context-eval: --split must be dev, held-out or all");
  process.exit(2);
}
const BUDGETS: readonly number[] = args.includes("--budgets")
  ? args[args.indexOf("--budgets") + 1]!.split(",").map(Number)
  : [1_000, 2_000, 4_000];
const ALL_ARMS = [
  "cairn",
  "cairn + offline vectors",
  "cairn, no history search",
  "bm25 only",
  "recent window",
];
// While tuning: `--arms cairn` and CONTEXT_EVAL_TUNING='{"keepLatestMessages":2,…}' (assembly options).
const ARMS = args.includes("--arms") ? args[args.indexOf("--arms") + 1]!.split(",") : ALL_ARMS;
const assembly: ContextAssemblyOptions = JSON.parse(process.env.CONTEXT_EVAL_TUNING ?? "{}");

const dir = locomoDir(args);
const locomo = loadLocomo(dir);
const sets: { set: EvalSet; heldOut: boolean; source: "locomo" | "generated" }[] = [];
if (!locomo) {
  console.log(
    `bench:context-eval: no LoCoMo data at ${dir} (pass --data <dir> or CAIRN_SHARED_DATA); skipping it`,
  );
} else {
  for (const heldOut of [true, false]) {
    const keep = (conversation: string) => isHeldOutConversation(conversation) === heldOut;
    const questions = locomo.questions.filter((q) => keep(q.conversation));
    const conversations = [...new Set(questions.map((q) => q.conversation))].sort();
    sets.push({
      heldOut,
      source: "locomo",
      set: {
        name: `LoCoMo ${heldOut ? "held-out" : "dev"} (${conversations.join(", ")})`,
        messages: locomo.messages.filter((m) => keep(m.conversation)),
        questions,
      },
    });
  }
}
for (const seed of GENERATED_HELD_OUT_SEEDS)
  sets.push({ heldOut: true, source: "generated", set: generatedConversation(seed) });
for (const seed of GENERATED_DEV_SEEDS)
  sets.push({ heldOut: false, source: "generated", set: generatedConversation(seed) });

const chosen = sets.filter((s) => split === "all" || s.heldOut === (split === "held-out"));
const results: SetResult[] = [];
for (const { set, heldOut, source } of chosen) {
  const started = performance.now();
  results.push({
    name: set.name,
    heldOut,
    source,
    questions: set.questions.length,
    ...(await evaluate(set)),
  });
  console.error(`${set.name}: ${Math.round(performance.now() - started)} ms`);
}

async function evaluate(set: EvalSet): Promise<Pick<SetResult, "arms" | "byCategory" | "messages">> {
  const threads = new Map<string, ThreadReplay>();
  for (const message of set.messages) {
    let thread = threads.get(message.conversation);
    if (!thread) {
      thread = new ThreadReplay({
        threadId: message.conversation,
        title: message.conversation,
        extractFacts: extractFactsByRules,
        summarise: summariseExtractively,
      });
      threads.set(message.conversation, thread);
    }
    await thread.receive({ id: message.id, author: message.speaker, text: message.text, at: message.at });
  }
  const embeddings = createOfflineHashedEmbedding();
  const vectorCache = new Map<string, number[]>();
  const arms = Object.fromEntries(
    ARMS.map((arm) => [
      arm,
      Object.fromEntries(BUDGETS.map((b) => [b, { hits: 0, tokens: [] as number[], ms: [] as number[] }])),
    ]),
  ) as SetResult["arms"];
  const byCategory: SetResult["byCategory"] = {};
  for (const question of set.questions) {
    const thread = threads.get(question.conversation);
    if (!thread) continue;
    const message = { id: question.id, author: "user", text: question.question };
    const history = thread.history();
    const category = String(question.annotations.category ?? "all");
    for (const budget of BUDGETS) {
      for (const arm of ARMS) {
        const t0 = performance.now();
        let included: string[];
        let tokens: number;
        if (arm === "bm25 only" || arm === "recent window") {
          const prompt = (arm === "bm25 only" ? bm25OnlyPrompt : recentWindowPrompt)(
            history,
            question.question,
            budget,
            question.conversation,
          );
          ({ included, tokens } = prompt);
        } else {
          const vectorScores =
            arm === "cairn + offline vectors"
              ? await messageVectorScores(embeddings, question.question, history, vectorCache)
              : undefined;
          const context = thread.assemble(
            message,
            budget,
            { ...assembly, vectorScores },
            arm !== "cairn, no history search",
          );
          included = context.included.filter((i) => i.tier === "recent").map((i) => i.id);
          tokens = context.totalTokens;
        }
        const ms = performance.now() - t0;
        const hit = question.evidence.every((id) => included.includes(id));
        const cell = arms[arm]![budget]!;
        cell.hits += hit ? 1 : 0;
        cell.tokens.push(tokens);
        cell.ms.push(ms);
        if (budget === 2_000) {
          const row = byCategory[category] ?? {};
          byCategory[category] = row;
          const c = row[arm] ?? { hits: 0, total: 0 };
          row[arm] = c;
          c.hits += hit ? 1 : 0;
          c.total += 1;
        }
      }
    }
  }
  return { arms, byCategory, messages: set.messages.length };
}

const report = renderContextEvalReport(results, { budgets: BUDGETS, arms: ARMS, dataDir: dir, split });
console.log(report);
if (split === "all") writeFileSync(join(import.meta.dirname, "results", "context-eval.md"), report);
