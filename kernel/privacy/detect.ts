/**
 * The personal-data detector: every entity family's finder over the same text, then one pass that
 * keeps, among overlapping candidates, the most certain (a checksum beats a shape) and then the
 * longest. Pure and synchronous, so it runs on every message in a Worker, a Durable Object or the CLI.
 */
import { findAddresses } from "./address.js";
import { findBankAccounts } from "./bank-account.js";
import { findDatesOfBirth } from "./date-of-birth.js";
import { findEmails } from "./email.js";
import { findHealthIds } from "./health-id.js";
import { findIbans } from "./iban.js";
import { findIdDocuments } from "./id-documents.js";
import { findNationalIds } from "./national-id.js";
import { findIpAddresses, findMacAddresses } from "./network.js";
import { findPaymentCards } from "./payment-card.js";
import { findPersonNames } from "./person-name.js";
import { findPhones } from "./phone.js";
import { findTaxIds } from "./tax-id.js";
import {
  type Candidate,
  Confidence,
  type Finder,
  type PersonalDataEntity,
  type PersonalDataType,
} from "./types.js";
import { findVatNumbers } from "./vat-number.js";

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
  const candidates: Candidate[] = [];
  for (const find of finders) candidates.push(...find(text));
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

function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Candidate[] = [];
  for (const next of ranked) {
    if (kept.some((other) => next.start < other.end && other.start < next.end)) continue;
    kept.push(next);
  }
  return kept.sort((a, b) => a.start - b.start);
}
