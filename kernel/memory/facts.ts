/**
 * Facts extracted from messages ("INV-1042 amount due: $4,217.00"), as plain data. A changed fact
 * replaces the current value and keeps the old one in its history, so the prompt carries one value
 * per fact (no contradictions for the model to arbitrate) while an audit can still show what was
 * believed when, and on the word of which messages.
 */

export interface FactVersion {
  value: string;
  /** When the value was stated (the source message's time), epoch milliseconds. */
  observedAt: number;
  sourceMessageIds: string[];
}

export interface Fact {
  /** Stable across value changes: subject + attribute. */
  factId: string;
  /** The entity (or, for thread-only facts, the thread) the fact is about. */
  subjectId: string;
  attribute: string;
  current: FactVersion;
  /** Replaced values, oldest first. */
  history: FactVersion[];
}

/** Facts keyed by factId; a plain object so it serialises to a JSON column or DO storage as is. */
export type FactSet = Readonly<Record<string, Fact>>;

export interface FactObservation {
  subjectId: string;
  attribute: string;
  value: string;
  observedAt: number;
  sourceMessageId: string;
}

/**
 * "created": first value. "replaced": a newer, different value became current.
 * "confirmed": the current value was stated again (its sources grow).
 * "historical": an older statement arrived late (queues redeliver out of order); it joins the
 * history and never overwrites a newer value.
 */
export type FactChange = "created" | "replaced" | "confirmed" | "historical";

export function factIdOf(subjectId: string, attribute: string): string {
  return `${subjectId}/${attribute}`;
}

/**
 * @example
 * let facts: FactSet = {};
 * ({ facts } = recordFact(facts, { subjectId: "inv-1042", attribute: "amount_due", value: "$3,900.00", observedAt: 1, sourceMessageId: "m1" }));
 * ({ facts } = recordFact(facts, { subjectId: "inv-1042", attribute: "amount_due", value: "$4,217.00", observedAt: 2, sourceMessageId: "m7" }));
 * facts["inv-1042/amount_due"].current.value // "$4,217.00", history holds "$3,900.00" from m1
 */
export function recordFact(
  facts: FactSet,
  observation: FactObservation,
): { facts: FactSet; change: FactChange } {
  const factId = factIdOf(observation.subjectId, observation.attribute);
  const stated: FactVersion = {
    value: observation.value.trim(),
    observedAt: observation.observedAt,
    sourceMessageIds: [observation.sourceMessageId],
  };
  const existing = facts[factId];
  if (!existing) {
    const created: Fact = {
      factId,
      subjectId: observation.subjectId,
      attribute: observation.attribute,
      current: stated,
      history: [],
    };
    return { facts: { ...facts, [factId]: created }, change: "created" };
  }
  if (stated.value === existing.current.value) {
    const confirmed: Fact = {
      ...existing,
      current: {
        ...existing.current,
        sourceMessageIds: addSource(existing.current.sourceMessageIds, observation.sourceMessageId),
      },
    };
    return { facts: { ...facts, [factId]: confirmed }, change: "confirmed" };
  }
  if (stated.observedAt < existing.current.observedAt) {
    const history = [...existing.history, stated].sort((a, b) => a.observedAt - b.observedAt);
    return { facts: { ...facts, [factId]: { ...existing, history } }, change: "historical" };
  }
  const replaced: Fact = { ...existing, current: stated, history: [...existing.history, existing.current] };
  return { facts: { ...facts, [factId]: replaced }, change: "replaced" };
}

export function factsAbout(facts: FactSet, subjectId: string): Fact[] {
  return Object.values(facts).filter((fact) => fact.subjectId === subjectId);
}

export interface FactMergeConflict {
  factId: string;
  kept: FactVersion;
  superseded: FactVersion;
}

/**
 * Folds `source` into `target` (a thread merge, or entity facts learned in two threads). Every
 * version is replayed in time order, so the newest statement wins whichever side it came from and
 * nothing is lost; where the two sides disagreed on the current value, the conflict is reported
 * for the merge audit. `resubject` renames thread-scoped subjects to the surviving thread.
 */
export function mergeFactSets(
  target: FactSet,
  source: FactSet,
  resubject: (subjectId: string) => string = (subjectId) => subjectId,
): { facts: FactSet; conflicts: FactMergeConflict[] } {
  let merged: FactSet = target;
  const conflicts: FactMergeConflict[] = [];
  for (const fact of Object.values(source)) {
    const subjectId = resubject(fact.subjectId);
    const before = merged[factIdOf(subjectId, fact.attribute)];
    for (const version of [...fact.history, fact.current]) {
      for (const sourceMessageId of version.sourceMessageIds) {
        merged = recordFact(merged, {
          subjectId,
          attribute: fact.attribute,
          value: version.value,
          observedAt: version.observedAt,
          sourceMessageId,
        }).facts;
      }
    }
    const after = merged[factIdOf(subjectId, fact.attribute)];
    if (before && after && before.current.value !== fact.current.value) {
      const superseded = after.current.value === before.current.value ? fact.current : before.current;
      conflicts.push({ factId: after.factId, kept: after.current, superseded });
    }
  }
  return { facts: merged, conflicts };
}

function addSource(sources: readonly string[], sourceMessageId: string): string[] {
  return sources.includes(sourceMessageId) ? [...sources] : [...sources, sourceMessageId];
}
