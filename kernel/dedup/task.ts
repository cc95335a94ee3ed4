/**
 * Layer (c), task: a new task that repeats an open one is merged into it as a comment, with the
 * reason, instead of becoming a second task two agents would both work on. Checked in order of
 * certainty: the exact dedup key, identical normalised text, shingle Jaccard (MinHash-indexed),
 * the same request in other words when word meanings are configured (meaning.ts), and embedding
 * cosine when an embedding function is configured. With word meanings, a task that names another
 * value of one slot ("freezer" for "fridge", "November" for "October") is kept apart even when
 * its wording is otherwise identical.
 */
import type { DedupContext, Instant } from "./context";
import { toMillis } from "./context";
import { compareMeaning, decodeTerms, encodeTerms, type MeaningComparison, meaningTerms } from "./meaning";
import { cosineSimilarity } from "./minhash";
import { classTermsConflict, nameDifferent, sharesIdentifier, shingles, termClasses } from "./normalize";
import { differentEntities, idfWeights, mostSimilarRecord, sketchText, type TextSketch } from "./similarity";
import type { DedupRecord, DedupVerdict } from "./types";

export interface NewTask {
  tenant: string;
  id: string;
  /** Title and description as written; compared after normalisation. */
  text: string;
  entity?: string;
  /** A caller-chosen identity, e.g. "overdue:INV-1042": equal keys are the same task. */
  key?: string;
  at: Instant;
}

const dedupKey = (key: string) => `key:${key.trim().toLowerCase()}`;

function merge(existing: DedupRecord, score: number, why: string): DedupVerdict {
  return { duplicate: true, layer: "task", of: existing.id, score, action: "merge", reason: why };
}

function blockedBy(task: NewTask) {
  return (record: DedupRecord) => !differentEntities(task.entity, record.entity);
}

/**
 * Decide whether a new task duplicates an open one; if not, remember it as open.
 * On a duplicate, add `taskMergeComment(verdict, task)` to the task named by `verdict.of`.
 */
export async function dedupTask(context: DedupContext, task: NewTask): Promise<DedupVerdict> {
  const { store, config } = context;
  const at = toMillis(task.at);

  if (task.key?.trim()) {
    const [open] = (await store.findByKey(task.tenant, "task", dedupKey(task.key))).filter(
      (r) => r.state === "open",
    );
    if (open) return merge(open, 1, `same dedup key "${task.key}" as open task ${open.id}`);
  }

  const sketch = sketchText(task.text, config.minhashPermutations);
  const openTasks = await store.listRecent(task.tenant, "task", {
    states: ["open"],
    limit: config.task.candidateLimit,
  });
  const terms = context.words ? meaningTerms(task.text) : undefined;
  const comparisons = new Map<string, MeaningComparison>();
  if (terms && context.words) {
    for (const record of openTasks) {
      if (record.words)
        comparisons.set(
          record.id,
          compareMeaning(terms, decodeTerms(record.words), context.words, config.meaning),
        );
    }
  }
  // Two tasks naming the same invoice or version are about one item: a reworded slot is not a second one.
  const conflictWith = (record: DedupRecord) => {
    const conflict = comparisons.get(record.id)?.conflict;
    if (conflict?.kind === "slot" && sharesIdentifier(sketch.names, new Set(record.names ?? [])))
      return undefined;
    return conflict;
  };
  // For the audit: the most alike open task that a slot kept apart, if any was alike at all.
  const keptApart = openTasks
    .filter((record) => blockedBy(task)(record) && conflictWith(record))
    .sort((a, b) => comparisons.get(b.id)!.score - comparisons.get(a.id)!.score)
    .find((record) => comparisons.get(record.id)!.score >= config.task.meaningScore / 2);
  const candidates = openTasks.filter(blockedBy(task)).filter((record) => !conflictWith(record));
  // Weights come from all open tasks, not only the unblocked ones: rarity is a property of the tenant's board.
  const similar = mostSimilarRecord(sketch, candidates, {
    threshold: config.task.shingleJaccard,
    margin: config.task.minhashMargin,
    weight: idfWeights(openTasks, sketch.shingleSet),
    sharedIdentifierThreshold: config.task.sharedIdentifierJaccard,
  });
  if (similar) {
    const threshold =
      similar.score < config.task.shingleJaccard
        ? `${config.task.sharedIdentifierJaccard} with a shared identifier`
        : `${config.task.shingleJaccard}`;
    const how =
      similar.record.text === sketch.normalized
        ? "same wording after normalisation"
        : `near-duplicate wording (IDF-weighted shingle Jaccard ${similar.score.toFixed(2)} ≥ ${threshold})`;
    return merge(similar.record, similar.score, `${how} as open task ${similar.record.id}`);
  }

  const sameMeaning = bestMeaningMatch(sketch, candidates, comparisons, config.task);
  if (sameMeaning) {
    return merge(
      sameMeaning.record,
      sameMeaning.score,
      `same request in other words as open task ${sameMeaning.record.id} (aligned-word share ${sameMeaning.score.toFixed(2)} ≥ ${sameMeaning.threshold})`,
    );
  }

  let embedding: number[] | undefined;
  if (context.embed) {
    [embedding] = await context.embed([task.text]);
    let best: { record: DedupRecord; score: number } | undefined;
    for (const record of candidates) {
      if (!record.embedding || !embedding) continue;
      const score = cosineSimilarity(embedding, record.embedding);
      if (score >= config.task.embeddingCosine && (!best || score > best.score)) best = { record, score };
    }
    if (best) {
      return merge(
        best.record,
        best.score,
        `same meaning as open task ${best.record.id} (embedding cosine ${best.score.toFixed(2)} ≥ ${config.task.embeddingCosine})`,
      );
    }
  }

  await store.put({
    tenant: task.tenant,
    layer: "task",
    id: task.id,
    keys: task.key?.trim() ? [dedupKey(task.key)] : [],
    entity: task.entity,
    text: sketch.normalized,
    names: [...sketch.names],
    signature: sketch.signature,
    ...(terms ? { words: encodeTerms(terms) } : {}),
    embedding,
    state: "open",
    at,
  });
  const conflict = keptApart && conflictWith(keptApart);
  return {
    duplicate: false,
    layer: "task",
    reason: conflict
      ? `no open task with the same key, wording or meaning; kept apart from open task ${keptApart.id}, which names "${conflict.theirs}" where this names "${conflict.ours}"`
      : "no open task with the same key, wording or meaning",
  };
}

/** The open task whose words best align with the new one's, above its threshold, skipping any naming other things. */
function bestMeaningMatch(
  sketch: TextSketch,
  candidates: readonly DedupRecord[],
  comparisons: ReadonlyMap<string, MeaningComparison>,
  thresholds: { meaningScore: number; sharedIdentifierMeaningScore: number },
): { record: DedupRecord; score: number; threshold: number } | undefined {
  let best: { record: DedupRecord; score: number; threshold: number } | undefined;
  const classes = termClasses(sketch.shingleSet);
  for (const record of candidates) {
    const comparison = comparisons.get(record.id);
    if (!comparison || record.text === undefined) continue;
    const names = new Set(record.names ?? []);
    if (nameDifferent(sketch.names, names) || classTermsConflict(classes, shingles(record.text))) continue;
    const threshold = sharesIdentifier(sketch.names, names)
      ? Math.min(thresholds.meaningScore, thresholds.sharedIdentifierMeaningScore)
      : thresholds.meaningScore;
    if (comparison.score >= threshold && (!best || comparison.score > best.score))
      best = { record, score: comparison.score, threshold };
  }
  return best;
}

/** A task that is done, failed or cancelled no longer absorbs new ones: the same work may recur. */
export async function closeTaskForDedup(
  context: DedupContext,
  tenant: string,
  taskId: string,
): Promise<void> {
  await context.store.setState(tenant, "task", taskId, "closed");
}

/**
 * The comment to add to the surviving task, so the merge is visible on the board.
 * @example "Merged duplicate task t9 (Chase Acme for payment): same dedup key …"
 */
export function taskMergeComment(verdict: DedupVerdict, task: Pick<NewTask, "id" | "text">): string {
  const summary = task.text.length > 120 ? `${task.text.slice(0, 117)}…` : task.text;
  return `Merged duplicate task ${task.id} (${summary}): ${verdict.reason}.`;
}
