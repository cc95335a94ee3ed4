/** Scores for the privacy bench: exact-match F1 per entity type (value and type must both match). */
import type { GoldEntity, LabelledMessage } from "./privacy-data";

export interface Found {
  type: string;
  start: number;
  end: number;
}

export interface TypeScore {
  type: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface PersonalDataScore {
  overall: TypeScore;
  byType: TypeScore[];
  /** Look-alike messages in which anything was found, over all look-alike messages. */
  lookalikeFalsePositiveRate: number;
  lookalikeMessages: number;
  lookalikeMessagesFlagged: number;
}

function score(type: string, tp: number, fp: number, fn: number): TypeScore {
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { type, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

const key = (entity: Found) => `${entity.type}:${entity.start}:${entity.end}`;

/**
 * `types` limits the scoring to the types a detector claims to cover (for a library that names
 * five types, finding none of the other eleven is not its error); gold of other types is ignored.
 */
export function scorePersonalData(
  messages: LabelledMessage[],
  predictions: Found[][],
  types?: ReadonlySet<string>,
): PersonalDataScore {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (type: string, field: "tp" | "fp" | "fn") => {
    const entry = counts.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    entry[field]++;
    counts.set(type, entry);
  };
  let flagged = 0;
  messages.forEach((message, index) => {
    const predicted = predictions[index]!.filter((entity) => !types || types.has(entity.type));
    const gold = message.gold.filter((entity: GoldEntity) => !types || types.has(entity.type));
    if (message.kind === "look" && predicted.length > 0) flagged++;
    const goldKeys = new Set(gold.map(key));
    const predictedKeys = new Set(predicted.map(key));
    for (const entity of predicted) bump(entity.type, goldKeys.has(key(entity)) ? "tp" : "fp");
    for (const entity of gold) if (!predictedKeys.has(key(entity))) bump(entity.type, "fn");
  });
  const byType = [...counts.entries()]
    .map(([type, c]) => score(type, c.tp, c.fp, c.fn))
    .sort((a, b) => a.type.localeCompare(b.type));
  const total = byType.reduce(
    (sum, s) => ({
      tp: sum.tp + s.truePositives,
      fp: sum.fp + s.falsePositives,
      fn: sum.fn + s.falseNegatives,
    }),
    { tp: 0, fp: 0, fn: 0 },
  );
  const lookalikes = messages.filter((message) => message.kind === "look").length;
  return {
    overall: score("ALL", total.tp, total.fp, total.fn),
    byType,
    lookalikeFalsePositiveRate: lookalikes === 0 ? 0 : flagged / lookalikes,
    lookalikeMessages: lookalikes,
    lookalikeMessagesFlagged: flagged,
  };
}

/** The dev set's mistakes, for tuning. Never called on the test set. */
export function describeMistakes(messages: LabelledMessage[], predictions: Found[][]): string[] {
  const lines: string[] = [];
  messages.forEach((message, index) => {
    const predicted = predictions[index]!;
    const goldKeys = new Set(message.gold.map(key));
    const predictedKeys = new Set(predicted.map(key));
    const show = (entity: Found) => `${entity.type} "${message.text.slice(entity.start, entity.end)}"`;
    for (const entity of predicted)
      if (!goldKeys.has(key(entity))) lines.push(`${message.id} FP ${show(entity)} | ${message.text}`);
    for (const entity of message.gold)
      if (!predictedKeys.has(key(entity))) lines.push(`${message.id} FN ${show(entity)} | ${message.text}`);
  });
  return lines;
}
