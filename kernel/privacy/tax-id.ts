/**
 * Personal tax numbers other than national ids: US EIN and ITIN, UK Unique Taxpayer Reference,
 * French numéro fiscal (SPI). The ITIN's middle group is distinctive enough on its own; the others
 * are plain digits and need their name nearby.
 */
import { cueBefore } from "./context";
import { type CueGate, type CueWords, cueGate, gatedTest } from "./cue-words";
import { Confidence, candidate, type PiiCandidate } from "./types";

/** EIN prefixes the IRS never assigned. */
const unassignedEinPrefixes = new Set([
  "00",
  "07",
  "08",
  "09",
  "17",
  "18",
  "19",
  "28",
  "29",
  "49",
  "69",
  "70",
  "78",
  "79",
  "89",
  "96",
  "97",
]);

interface TaxIdRule {
  shape: RegExp;
  valid?: (value: string) => boolean;
  cue?: RegExp;
  /** Words one of which every match of `cue` contains (see cue-words.ts). */
  cueWords?: readonly string[];
}

const rules: TaxIdRule[] = [
  {
    // ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX
    shape: /(?<![\w.-])9\d{2}-(?:5\d|6[0-5]|7\d|8[0-8]|9[0-2]|9[4-9])-\d{4}(?![\w]|-\d)/g,
    valid: () => true,
  },
  {
    shape: /(?<![\w.-])\d{2}-\d{7}(?![\w]|-\d)/g,
    valid: (value) => !unassignedEinPrefixes.has(value.slice(0, 2)),
    cue: /(?:\bein\b|employer identification|tax id|\btin\b|federal tax|tax number)/i,
    cueWords: ["ein", "employer identification", "tax id", "tin", "federal tax", "tax number"],
  },
  {
    shape: /(?<![\w.-])\d{5} ?\d{5}(?![\w]|[.,]\d)/g,
    cue: /(?:\butr\b|unique taxpayer reference|tax reference|self assessment)/i,
    cueWords: ["utr", "unique taxpayer reference", "tax reference", "self assessment"],
  },
  {
    shape: /(?<![\w.-])[0-3]\d ?\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w]|[.,]\d)/g,
    cue: /(?:num[ée]ro fiscal|identifiant fiscal|\bspi\b|identification fiscale|contribuable)/i,
    cueWords: ["ro fiscal", "identifiant fiscal", "spi", "identification fiscale", "contribuable"],
  },
];

const cueGates = new Map<TaxIdRule, CueGate>(
  rules.flatMap((rule) => (rule.cue ? [[rule, cueGate(rule.cue, rule.cueWords ?? [])] as const] : [])),
);

export function findTaxIds(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const rule of rules) {
    // The context word must be somewhere in the text before the shape is worth looking for.
    const gate = cueGates.get(rule);
    if (gate && !gatedTest(gate, text, cues)) continue;
    for (const match of text.matchAll(rule.shape)) {
      if (rule.valid && !rule.valid(match[0])) continue;
      if (rule.cue && !cueBefore(text, match.index, rule.cue, 48)) continue;
      const confidence = rule.cue ? Confidence.strong : Confidence.likely;
      found.push(candidate("TAX_ID", text, match.index, match.index + match[0].length, confidence));
    }
  }
  return found;
}
