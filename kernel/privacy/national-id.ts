/**
 * National identifiers: LU matricule, DE tax id and identity card, FR NIR, BE national number,
 * NL BSN, UK National Insurance number, US Social Security number. Numbers with a strong checksum
 * (LU, FR) are reported on their own; numbers whose check a random number passes often (NL 1 in 11,
 * DE 1 in 10) or that have none need a context word too.
 */
import { cueBefore } from "./context";
import { type CueGate, type CueWords, cueGate, gatedTest } from "./cue-words";
import {
  validBelgianNationalNumber,
  validDutchBsn,
  validFrenchNir,
  validGermanIdCard,
  validGermanTaxId,
  validLuxembourgMatricule,
  validUkNino,
  validUsSsn,
} from "./national-id-checks";
import { Confidence, candidate, type PiiCandidate } from "./types";

interface NationalIdRule {
  shape: RegExp;
  valid: (compact: string) => boolean;
  /** Words that must precede the value; absent when the checksum alone is convincing. */
  cue?: RegExp;
  /** Words one of which every match of `cue` contains (see cue-words.ts); with `cue`, unless separated forms suffice. */
  cueWords?: readonly string[];
  /** A separated form (e.g. 85.07.30-033.28) is convincing without the cue. */
  separatedIsEnough?: boolean;
}

const compactOf = (value: string) => value.replace(/[\s.-]/g, "").toUpperCase();

const rules: NationalIdRule[] = [
  {
    shape: /(?<![\w.-])(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{5}(?![\w])/g,
    valid: validLuxembourgMatricule,
  },
  {
    shape: /(?<![\w.-])[1-9]\d(?: ?\d{3}){3}(?![\w]|[.,]\d)/g,
    valid: validGermanTaxId,
    cue: /(?:steuer|identifikationsnummer|idnr|tax id|tin\b|id-nr)/i,
    cueWords: ["steuer", "identifikationsnummer", "idnr", "tax id", "tin", "id-nr"],
  },
  {
    shape: /(?<![\w-])[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d(?![\w])/g,
    valid: validGermanIdCard,
    cue: /(?:ausweis|identity card|id card|id-karte|carte d'identit[ée])/i,
    cueWords: ["ausweis", "identity card", "id card", "id-karte", "carte d'identit"],
  },
  {
    shape:
      /(?<![\w.-])[1-478] ?\d{2} ?(?:0[1-9]|1[0-2]|[2-9]\d) ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}(?![\w])/g,
    valid: validFrenchNir,
  },
  {
    shape: /(?<![\w.-])\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}\.?\d{2}(?![\w]|[.,]\d)/g,
    valid: validBelgianNationalNumber,
    cue: /(?:national|rijksregister|nationaal|registre|niss|insz|identification)/i,
    separatedIsEnough: true,
  },
  {
    shape: /(?<![\w.-])\d{4}\.?\d{2}\.?\d{3}(?![\w]|[.,]\d)|(?<![\w.-])\d{9}(?![\w]|[.,]\d)/g,
    valid: validDutchBsn,
    cue: /(?:bsn|burgerservicenummer|sofi)/i,
    cueWords: ["bsn", "burgerservicenummer", "sofi"],
  },
  {
    shape: /(?<![\w-])[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])/g,
    valid: validUkNino,
  },
  {
    shape: /(?<![\w.-])\d{3}-\d{2}-\d{4}(?![\w]|-\d)/g,
    valid: validUsSsn,
  },
  {
    shape: /(?<![\w.-])\d{3} ?\d{2} ?\d{4}(?![\w]|[.,]\d)/g,
    valid: validUsSsn,
    cue: /(?:ssn|social security)/i,
    cueWords: ["ssn", "social security"],
  },
];

/** The whole-text test of each rule that needs its cue, gated by its words. */
const cueGates = new Map<NationalIdRule, CueGate>(
  rules.flatMap((rule) =>
    rule.cue && !rule.separatedIsEnough ? [[rule, cueGate(rule.cue, rule.cueWords ?? [])] as const] : [],
  ),
);

export function findNationalIds(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const rule of rules) {
    const gate = cueGates.get(rule);
    if (gate && !gatedTest(gate, text, cues)) continue;
    for (const match of text.matchAll(rule.shape)) {
      const value = match[0];
      if (!rule.valid(compactOf(value))) continue;
      const hasCue = rule.cue ? cueBefore(text, match.index, rule.cue, 56) : true;
      const separated = rule.separatedIsEnough === true && /[.-]/.test(value);
      if (!hasCue && !separated) continue;
      const confidence = rule.cue && hasCue ? Confidence.proven : Confidence.strong;
      found.push(candidate("NATIONAL_ID", text, match.index, match.index + value.length, confidence));
    }
  }
  return found;
}
