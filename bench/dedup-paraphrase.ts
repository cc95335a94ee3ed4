/**
 * The hand-written paraphrase streams (bench/data/dedup-paraphrase-*.ts) run through the kernel
 * exactly as `bench:dedup`'s generated streams are. The outside and blind streams only ever
 * yield totals per layer and per case; the dev stream's mistakes may be printed, because it is the one
 * that is tuned on.
 */
import {
  createDedupContext,
  type DedupConfigInput,
  type DedupEvent,
  dedupEvent,
  type EmbedFunction,
  MemoryDedupStore,
  type WordMeaning,
} from "../kernel/dedup/index";
import type { LabelledEvent } from "./data/dedup-generator";
import { blindGroups } from "./data/dedup-paraphrase-blind";
import { devGroups } from "./data/dedup-paraphrase-dev";
import { labelGroups } from "./data/dedup-paraphrase-groups";
import { outsideGroups } from "./data/dedup-paraphrase-outside";
import { scoreStream, type Verdict } from "./dedup-metrics";

/**
 * "outside": written by someone who read only the format (dedup-paraphrase-groups.ts), never the
 * normaliser's vocabulary or the other streams; "blind": written by us, never tuned on; "dev":
 * tuned on.
 */
export type ParaphraseStream = "outside" | "blind" | "dev";

const streams = {
  outside: () => labelGroups("out", outsideGroups),
  blind: () => labelGroups("bl", blindGroups),
  dev: () => labelGroups("dv", devGroups),
} satisfies Record<ParaphraseStream, () => LabelledEvent[]>;

export function paraphraseEvents(stream: ParaphraseStream): LabelledEvent[] {
  return streams[stream]();
}

export async function runParaphraseStream(
  stream: ParaphraseStream,
  options: { config?: DedupConfigInput; embed?: EmbedFunction; words?: WordMeaning } = {},
) {
  const events = paraphraseEvents(stream);
  const context = createDedupContext(new MemoryDedupStore(), options.config ?? {}, {
    embed: options.embed,
    words: options.words,
  });
  const verdicts: Array<Verdict & { reason?: string }> = [];
  const started = performance.now();
  for (const event of events) {
    const { label: _label, ...input } = event;
    verdicts.push(await dedupEvent(context, input satisfies DedupEvent));
  }
  const elapsedMs = performance.now() - started;
  const scored = scoreStream(events, verdicts);
  // The outside and blind streams' individual mistakes never leave this function.
  return {
    stream,
    events,
    elapsedMs,
    perLayer: scored.perLayer,
    cases: scored.cases,
    mistakes: stream === "dev" ? scored.mistakes : [],
  };
}
