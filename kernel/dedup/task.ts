/**
 * Layer (c), task: a new task that repeats an open one is merged into it as a comment, with the
 * reason, instead of becoming a second task two agents would both work on. Checked in order of
 * certainty: the exact dedup key, identical normalised text, shingle Jaccard (MinHash-indexed),
 * and embedding cosine when an embedding function is configured.
 */
import type { DedupContext, Instant } from "./context.js";
import { toMillis } from "./context.js";
import { cosineSimilarity } from "./minhash.js";
import { differentEntities, idfWeights, mostSimilarRecord, sketchText } from "./similarity.js";
import type { DedupRecord, DedupVerdict } from "./types.js";

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
  const candidates = openTasks.filter(blockedBy(task));
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
    embedding,
    state: "open",
    at,
  });
  return { duplicate: false, layer: "task", reason: "no open task with the same key, wording or meaning" };
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
