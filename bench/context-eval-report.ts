/** The context-eval benchmark's markdown report: held-out sets first, then development sets. */

export interface Cell {
  hits: number;
  tokens: number[];
  ms: number[];
}

export interface SetResult {
  name: string;
  heldOut: boolean;
  source: "locomo" | "generated";
  questions: number;
  messages: number;
  arms: Record<string, Record<number, Cell>>;
  /** At 2,000 tokens, by LoCoMo question category. */
  byCategory: Record<string, Record<string, { hits: number; total: number }>>;
}

const CATEGORY: Record<string, string> = {
  "1": "multi-hop",
  "2": "temporal",
  "3": "open-domain",
  "4": "single-hop",
};

const pct = (n: number, d: number) => (d === 0 ? "–" : `${((n / d) * 100).toFixed(1)}%`);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(0.95 * xs.length))] ?? 0;

function pooled(results: SetResult[], arm: string, budget: number): Cell & { questions: number } {
  const cells = results.map((r) => r.arms[arm]![budget]!);
  return {
    hits: cells.reduce((s, c) => s + c.hits, 0),
    tokens: cells.flatMap((c) => c.tokens),
    ms: cells.flatMap((c) => c.ms),
    questions: results.reduce((s, r) => s + r.questions, 0),
  };
}

function table(results: SetResult[], arms: readonly string[], budgets: readonly number[]): string {
  const header = `| arm | ${budgets.map((b) => `all evidence @ ${b}`).join(" | ")} | mean tokens @ 2000 | ms per turn @ 2000 (mean / p95) |`;
  const rule = `|---|${budgets.map(() => "---").join("|")}|---|---|`;
  const rows = arms.map((arm) => {
    const cells = budgets.map((b) => {
      const c = pooled(results, arm, b);
      return pct(c.hits, c.questions);
    });
    const at2k = pooled(results, arm, 2_000);
    return `| ${arm} | ${cells.join(" | ")} | ${Math.round(mean(at2k.tokens))} | ${mean(at2k.ms).toFixed(1)} / ${p95(at2k.ms).toFixed(1)} |`;
  });
  return [header, rule, ...rows].join("\n");
}

function categories(results: SetResult[], arms: readonly string[]): string {
  const merged: Record<string, Record<string, { hits: number; total: number }>> = {};
  for (const r of results)
    for (const [category, row] of Object.entries(r.byCategory))
      for (const [arm, c] of Object.entries(row)) {
        const row = merged[category] ?? {};
        merged[category] = row;
        const m = row[arm] ?? { hits: 0, total: 0 };
        row[arm] = m;
        m.hits += c.hits;
        m.total += c.total;
      }
  const names = Object.keys(merged).sort();
  if (names.length <= 1) return "";
  const header = `| category (2,000 tokens) | questions | ${arms.join(" | ")} |`;
  const rule = `|---|---|${arms.map(() => "---").join("|")}|`;
  const rows = names.map((name) => {
    const row = merged[name]!;
    const total = Object.values(row)[0]?.total ?? 0;
    return `| ${CATEGORY[name] ?? name} | ${total} | ${arms.map((a) => pct(row[a]?.hits ?? 0, row[a]?.total ?? 0)).join(" | ")} |`;
  });
  return `\n${[header, rule, ...rows].join("\n")}\n`;
}

function group(
  title: string,
  results: SetResult[],
  arms: readonly string[],
  budgets: readonly number[],
): string {
  if (results.length === 0) return "";
  const list = results.map((r) => `${r.name}: ${r.messages} messages, ${r.questions} questions`).join("; ");
  return `### ${title}\n\n${list}.\n\n${table(results, arms, budgets)}\n${categories(results, arms)}\n`;
}

export function renderContextEvalReport(
  results: SetResult[],
  settings: { budgets: readonly number[]; arms: readonly string[]; dataDir: string; split: string },
): string {
  const { budgets, arms } = settings;
  const pick = (heldOut: boolean, source: SetResult["source"]) =>
    results.filter((r) => r.heldOut === heldOut && r.source === source);
  const locomoMissing = !results.some((r) => r.source === "locomo");
  return `# Context eval: is the evidence in the prompt?

\`npm run bench:context-eval\` · each conversation replayed into one thread message by message (kernel \`ThreadReplay\`: the thread turn's fact extraction and summary refresh, then \`assembleContext\` as the turn calls it), one prompt per question, asked after the last message. A question counts when **every** evidence message is in the prompt. Tokens by \`estimateTokens\` for every arm; baselines use the same header, message lines and greedy packing, only the choice of messages differs.

- **LoCoMo** (Maharana et al., ACL 2024, CC BY-NC 4.0, read from \`${settings.dataDir}\`, not copied here): the six development conversations of the shared folder, split by a hash of the conversation id *before* tuning (bench/context-eval-split.ts); tuning looked only at the dev part. These are development data: LoCoMo's blind conversations are kept apart and never read.${locomoMissing ? " **Skipped in this run: the folder was absent.**" : ""}
- **Generated**: the \`bench:context\` workload (56 days, clients, invoices, projects) as one long conversation per seed; a question's evidence is the message that last stated each fact it needs. Seeds were split dev (101, 102) / held-out (201–203) by list before tuning. In one tenant-wide stream, consecutive messages are about different entities, some questions say "this one" (meaningful only inside an entity thread), and the facts table collapses to one subject, so Cairn's fact lines (band 5) and summary spend about a quarter of the budget on lines this score does not count: the fact lines do carry the current values.
- Arms: *cairn* (hybrid BM25 + recency + named people and dates + neighbours over the whole history, the last two messages kept, the thread's facts, summary capped at 10% of the budget); *cairn + offline vectors* (adds the offline hashed-n-gram embedding's cosine through the \`EmbeddingProvider\` interface); *cairn, no history search* (the unsummarised tail and the summary only, as the turn assembled before); *bm25 only*; *recent window*.

## Held-out (not looked at while tuning)

${group("LoCoMo, held-out conversations", pick(true, "locomo"), arms, budgets)}${group("Generated, held-out seeds", pick(true, "generated"), arms, budgets)}
## Development (tuned on)

${group("LoCoMo, dev conversations", pick(false, "locomo"), arms, budgets)}${group("Generated, dev seeds", pick(false, "generated"), arms, budgets)}`;
}
