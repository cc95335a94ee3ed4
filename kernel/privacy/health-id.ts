/**
 * Health insurance identifiers: the UK NHS number (mod 11) and the German KVNR (letter + 9 digits,
 * weighted check). Both checks let one random number in ten or eleven through, so the text must
 * name the number (NHS, Versichertennummer, health insurance…) as well.
 */
import { cueBefore } from "./context";
import { type CueWords, cueGate, gatedTest } from "./cue-words";
import { validGermanHealthInsuranceNumber, validNhsNumber } from "./national-id-checks";
import { Confidence, candidate, type PiiCandidate } from "./types";

const nhsShape = /(?<![\w.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w]|[.,]\d)/g;
const nhsCue = /\bnhs\b/i;
const kvnrShape = /(?<![\w-])[A-Z]\d{9}(?![\w])/g;
const kvnrCue =
  /(?:versicherten|kvnr|krankenkasse|krankenversicherung|health insurance|insurance number|assurance maladie)/i;

const mentionsNhs = cueGate(nhsCue, ["nhs"]);
const mentionsKvnr = cueGate(kvnrCue, [
  "versicherten",
  "kvnr",
  "krankenkasse",
  "krankenversicherung",
  "health insurance",
  "insurance number",
  "assurance maladie",
]);

export function findHealthIds(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (!gatedTest(mentionsNhs, text, cues) && !gatedTest(mentionsKvnr, text, cues)) return found;
  for (const match of text.matchAll(nhsShape)) {
    if (!validNhsNumber(match[0].replace(/[ -]/g, ""))) continue;
    if (!cueBefore(text, match.index, nhsCue, 48)) continue;
    found.push(candidate("HEALTH_ID", text, match.index, match.index + match[0].length, Confidence.proven));
  }
  for (const match of text.matchAll(kvnrShape)) {
    if (!validGermanHealthInsuranceNumber(match[0])) continue;
    if (!cueBefore(text, match.index, kvnrCue, 48)) continue;
    found.push(candidate("HEALTH_ID", text, match.index, match.index + match[0].length, Confidence.proven));
  }
  return found;
}
