/** Scoring a labelled stream against the kernel's verdicts: precision and recall per layer and per case. */
import type { LabelledEvent, Layer } from "./data/dedup-generator";

export interface Verdict {
  duplicate: boolean;
  of?: string;
}

export interface Counts {
  events: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface LayerScore extends Counts {
  precision: number;
  recall: number;
}

export interface CaseScore {
  layer: Layer;
  case: string;
  events: number;
  expectedDuplicate: boolean;
  correct: number;
}

const ratio = (numerator: number, denominator: number) => (denominator === 0 ? 1 : numerator / denominator);

/**
 * A duplicate verdict counts as right only if it names an earlier event of the same group:
 * merging into the wrong task is a false positive (and the missed right one a false negative).
 */
export function scoreStream(events: readonly LabelledEvent[], verdicts: readonly Verdict[]) {
  const layers = new Map<Layer, Counts>();
  const cases = new Map<string, CaseScore>();
  const mistakes: Array<{ event: LabelledEvent; verdict: Verdict }> = [];
  events.forEach((event, index) => {
    const verdict = verdicts[index]!;
    const counts = layers.get(event.layer) ?? {
      events: 0,
      truePositives: 0,
      falsePositives: 0,
      falseNegatives: 0,
      trueNegatives: 0,
    };
    layers.set(event.layer, counts);
    counts.events++;
    const rightTarget = verdict.of !== undefined && event.label.of.includes(verdict.of);
    let correct: boolean;
    if (event.label.duplicate && verdict.duplicate && rightTarget) {
      counts.truePositives++;
      correct = true;
    } else if (event.label.duplicate) {
      counts.falseNegatives++;
      if (verdict.duplicate) counts.falsePositives++;
      correct = false;
    } else if (verdict.duplicate) {
      counts.falsePositives++;
      correct = false;
    } else {
      counts.trueNegatives++;
      correct = true;
    }
    if (!correct) mistakes.push({ event, verdict });
    const caseKey = `${event.layer}/${event.label.case}`;
    const caseScore = cases.get(caseKey) ?? {
      layer: event.layer,
      case: event.label.case,
      events: 0,
      expectedDuplicate: event.label.duplicate,
      correct: 0,
    };
    cases.set(caseKey, caseScore);
    caseScore.events++;
    if (correct) caseScore.correct++;
  });
  const perLayer = new Map<Layer, LayerScore>();
  for (const [layer, counts] of layers) {
    perLayer.set(layer, {
      ...counts,
      precision: ratio(counts.truePositives, counts.truePositives + counts.falsePositives),
      recall: ratio(counts.truePositives, counts.truePositives + counts.falseNegatives),
    });
  }
  return { perLayer, cases: [...cases.values()], mistakes };
}

/** Counts summed over several streams, precision and recall recomputed from the sums. */
export function poolLayerScores(runs: ReadonlyArray<Map<Layer, LayerScore>>, layer: Layer): LayerScore {
  const pooled: Counts = {
    events: 0,
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    trueNegatives: 0,
  };
  for (const run of runs) {
    const score = run.get(layer);
    if (!score) continue;
    pooled.events += score.events;
    pooled.truePositives += score.truePositives;
    pooled.falsePositives += score.falsePositives;
    pooled.falseNegatives += score.falseNegatives;
    pooled.trueNegatives += score.trueNegatives;
  }
  return {
    ...pooled,
    precision: ratio(pooled.truePositives, pooled.truePositives + pooled.falsePositives),
    recall: ratio(pooled.truePositives, pooled.truePositives + pooled.falseNegatives),
  };
}

export function poolCases(runs: ReadonlyArray<readonly CaseScore[]>): CaseScore[] {
  const pooled = new Map<string, CaseScore>();
  for (const cases of runs) {
    for (const c of cases) {
      const key = `${c.layer}/${c.case}`;
      const into = pooled.get(key) ?? { ...c, events: 0, correct: 0 };
      into.events += c.events;
      into.correct += c.correct;
      pooled.set(key, into);
    }
  }
  return [...pooled.values()];
}
