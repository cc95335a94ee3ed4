import type { CueWords } from "./cue-words";

/** The kinds of personal data the detector names, in upper snake case as the CLI prints them. */
export const personalDataTypes = [
  "PERSON",
  "EMAIL",
  "PHONE",
  "IBAN",
  "CREDIT_CARD",
  "ADDRESS",
  "DATE_OF_BIRTH",
  "IP_ADDRESS",
  "MAC_ADDRESS",
  "NATIONAL_ID",
  "TAX_ID",
  "VAT_NUMBER",
  "PASSPORT",
  "DRIVER_LICENSE",
  "HEALTH_ID",
  "BANK_ACCOUNT",
] as const;

export type PersonalDataType = (typeof personalDataTypes)[number];

/** One value found in a text: `text === source.slice(start, end)`. */
export interface PersonalDataEntity {
  type: PersonalDataType;
  start: number;
  end: number;
  text: string;
}

/**
 * A candidate before overlaps are resolved. `confidence` orders candidates that overlap:
 * a value proven by a checksum outranks one that only has the right shape.
 */
export interface PiiCandidate extends PersonalDataEntity {
  confidence: number;
}

/** How sure a finder is; used only to choose between overlapping candidates. */
export const Confidence = {
  /** A checksum or an unambiguous structure (an email address) proves it. */
  proven: 5,
  /** Shape plus a context word, or a validated shape (a phone number valid for its country). */
  strong: 4,
  /** Shape and a weaker cue. */
  likely: 3,
  /** A name from a list or a capitalised word after a cue. */
  weak: 2,
} as const;

/**
 * Every entity family exports one of these; `detect` runs them all over the same text, with the
 * context words found in it once (cue-words.ts). Without `cues`, a finder runs every test itself.
 */
export type Finder = (text: string, cues?: CueWords) => PiiCandidate[];

export function candidate(
  type: PersonalDataType,
  text: string,
  start: number,
  end: number,
  confidence: number,
): PiiCandidate {
  return { type, start, end, text: text.slice(start, end), confidence };
}
