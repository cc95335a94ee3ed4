/**
 * The personal-data detector: every entity family's finder over the same text, then one pass that
 * keeps, among overlapping candidates, the most certain (a checksum beats a shape) and then the
 * longest. Pure and synchronous, so it runs on every message in a Worker, a Durable Object or the CLI.
 */
import { findAddresses } from "./address";
import { findBankAccounts } from "./bank-account";
import { findCueWords } from "./cue-words";
import { findDatesOfBirth } from "./date-of-birth";
import { findEmails } from "./email";
import { findHealthIds } from "./health-id";
import { findIbans } from "./iban";
import { findIdDocuments } from "./id-documents";
import { findNationalIds } from "./national-id";
import { findIpAddresses, findMacAddresses } from "./network";
import { findPaymentCards } from "./payment-card";
import { findPersonNames } from "./person-name";
import { findPhones } from "./phone";
import { findTaxIds } from "./tax-id";
import {
  Confidence,
  type Finder,
  type PersonalDataEntity,
  type PersonalDataType,
  type PiiCandidate,
} from "./types";
import { findVatNumbers } from "./vat-number";

const finders: Finder[] = [
  findEmails,
  findIbans,
  findPaymentCards,
  findNationalIds,
  findTaxIds,
  findVatNumbers,
  findHealthIds,
  findBankAccounts,
  findIdDocuments,
  findMacAddresses,
  findIpAddresses,
  findDatesOfBirth,
  findAddresses,
  findPersonNames,
];

export interface DetectOptions {
  /** Only report these types (all by default). */
  types?: readonly PersonalDataType[];
}

/**
 * Finds personal data in a text, in order of position, without overlaps.
 *
 * @example
 * detectPersonalData("Call Sarah Connolly on +44 20 7946 0958")
 * // → [{ type: "PERSON", start: 5, end: 19, text: "Sarah Connolly" },
 * //    { type: "PHONE", start: 23, end: 39, text: "+44 20 7946 0958" }]
 */
export function detectPersonalData(text: string, options: DetectOptions = {}): PersonalDataEntity[] {
  const candidates: PiiCandidate[] = [];
  const cues = findCueWords(text);
  for (const find of finders) candidates.push(...find(text, cues));
  // Phones last: parsing is the costliest step, and digits already proven to be something else are skipped.
  candidates.push(
    ...findPhones(
      text,
      candidates.filter((other) => other.confidence >= Confidence.strong),
    ),
  );
  const wanted = options.types ? new Set(options.types) : undefined;
  return resolveOverlaps(candidates)
    .filter((entity) => !wanted || wanted.has(entity.type))
    .map(({ type, start, end, text: value }) => ({ type, start, end, text: value }));
}

/** True as soon as anything is found: the routing privacy flag. */
export function containsPersonalData(text: string): boolean {
  return detectPersonalData(text).length > 0;
}

function resolveOverlaps(candidates: PiiCandidate[]): PiiCandidate[] {
  const ranked = [...candidates].sort(
    (a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PiiCandidate[] = [];
  for (const next of ranked) {
    if (kept.some((other) => next.start < other.end && other.start < next.end)) continue;
    kept.push(next);
  }
  return kept.sort((a, b) => a.start - b.start);
}
