/**
 * Layer (b), discovery: a discoverer that runs every cycle finds the same overdue invoice every
 * cycle. The same finding — same source, same entity, same key or the same normalised text —
 * is reported once per window; after the window it is reported again, as a reminder.
 */
import { windowMs } from "./config";
import { type DedupContext, describeAge, type Instant, toMillis } from "./context";
import { fingerprint } from "./minhash";
import { normalizedText } from "./normalize";
import { mostSimilarRecord, sketchText } from "./similarity";
import type { DedupRecord, DedupVerdict } from "./types";

export interface Finding {
  tenant: string;
  id: string;
  /** Which discoverer found it ("overdue_invoices", "rss:https://…"). */
  source: string;
  /** What it concerns ("invoice:INV-1042"); findings about different entities never match. */
  entity?: string;
  /** The discoverer's own identity for the finding, when it has one ("overdue:INV-1042"). */
  key?: string;
  text: string;
  at: Instant;
}

/**
 * Counts that grow between cycles ("3 days overdue", "£1,250.00 unpaid") describe the same
 * finding; masking them keeps its identity stable. Identifiers with letters ("INV-1042") and
 * plain numbers ("flat 3") are not masked.
 */
export function maskVolatileNumbers(text: string): string {
  return text
    .replace(/[£$€]\s?\d[\d,]*(?:\.\d+)?(?:k|m)?/gi, " amount ")
    .replace(
      /\b\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|%|percent)\b/gi,
      " period ",
    );
}

/** The exact identity of a finding; exported so a discoverer can show it in its own logs. */
export function findingKey(finding: Pick<Finding, "source" | "entity" | "key" | "text">): string {
  const what = finding.key?.trim()
    ? `key:${finding.key.trim().toLowerCase()}`
    : `text:${fingerprint(normalizedText(maskVolatileNumbers(finding.text)))}`;
  return `finding:${finding.source}|${finding.entity?.trim().toLowerCase() ?? ""}|${what}`;
}

const scopeKey = (finding: Pick<Finding, "source" | "entity">) =>
  `scope:${finding.source}|${finding.entity?.trim().toLowerCase() ?? ""}`;

/**
 * Decide whether a finding was already reported within the window, and remember it if not.
 * A suppressed finding does not extend the window: reminders come once per window, not never.
 */
export async function dedupFinding(context: DedupContext, finding: Finding): Promise<DedupVerdict> {
  const { store, config } = context;
  const at = toMillis(finding.at);
  const key = findingKey(finding);
  const scope = scopeKey(finding);
  const window = windowMs(config.discovery.window);
  const inWindow = (record: DedupRecord) => record.at <= at && at - record.at < window;
  const where = finding.entity ? ` on ${finding.entity}` : "";
  const keyed = Boolean(finding.key?.trim());
  const suppressed = (record: DedupRecord, score: number, why: string): DedupVerdict => ({
    duplicate: true,
    layer: "discovery",
    of: record.id,
    score,
    action: "drop",
    reason: `${why} reported as ${record.id} ${describeAge(at - record.at)} ago, within the ${config.discovery.window} window`,
  });

  const [last] = (await store.findByKey(finding.tenant, "discovery", key)).filter(
    (record) => record.at <= at,
  );
  if (last && inWindow(last)) {
    return suppressed(
      last,
      1,
      `same finding (${keyed ? `key ${finding.key}` : "same normalised text"}${where})`,
    );
  }

  const sketch = sketchText(maskVolatileNumbers(finding.text), config.minhashPermutations);
  if (!keyed) {
    // A discoverer's key is authoritative; only keyless findings (feeds, messages) are matched by wording.
    const sameScope = (await store.findByKey(finding.tenant, "discovery", scope)).filter(
      (record) => inWindow(record) && !record.keys.some((recordKey) => recordKey.includes("|key:")),
    );
    // Margin 1: the few findings of one source and entity are all compared exactly.
    const similar = mostSimilarRecord(sketch, sameScope, {
      threshold: config.discovery.textJaccard,
      margin: 1,
    });
    if (similar) {
      const why = `reworded finding${where} (shingle Jaccard ${similar.score.toFixed(2)} ≥ ${config.discovery.textJaccard})`;
      return suppressed(similar.record, similar.score, why);
    }
  }

  await store.put({
    tenant: finding.tenant,
    layer: "discovery",
    id: finding.id,
    keys: [key, scope],
    entity: finding.entity,
    text: sketch.normalized,
    names: [...sketch.names],
    signature: sketch.signature,
    state: "seen",
    at,
  });
  return {
    duplicate: false,
    layer: "discovery",
    reason: last
      ? `reported again: last report ${last.id} was ${describeAge(at - last.at)} ago, past the ${config.discovery.window} window`
      : "first report of this finding",
  };
}
