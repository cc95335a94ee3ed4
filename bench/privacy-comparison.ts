/**
 * Kept JavaScript PII libraries run on the same messages, their types mapped onto ours:
 * - @openredaction/openredaction (GDPR preset, its own type names mapped by family);
 * - @redactpii/node (five US-oriented types; it returns only redacted text, so spans are recovered
 *   by running one rule at a time with a marker and aligning the text around each marker).
 */
import { OpenRedaction } from "@openredaction/openredaction";
import { Redactor } from "@redactpii/node";
import type { Found } from "./privacy-metrics";

const openRedactionTypes: Array<[RegExp, string]> = [
  [/^(?:NAME|PERSON|FULL_NAME|FIRST_NAME|LAST_NAME)/, "PERSON"],
  [/EMAIL/, "EMAIL"],
  [/PHONE|MOBILE|TELEPHONE/, "PHONE"],
  [/IBAN/, "IBAN"],
  [/CREDIT_CARD|CARD_NUMBER|PAYMENT_CARD/, "CREDIT_CARD"],
  [/ADDRESS_STREET|ADDRESS|POSTCODE|ZIP/, "ADDRESS"],
  [/DATE_OF_BIRTH|DOB|BIRTH/, "DATE_OF_BIRTH"],
  [/^IP|IPV4|IPV6/, "IP_ADDRESS"],
  [/MAC/, "MAC_ADDRESS"],
  [/VAT/, "VAT_NUMBER"],
  [/PASSPORT/, "PASSPORT"],
  [/DRIV|LICEN[CS]E/, "DRIVER_LICENSE"],
  [/NHS|HEALTH|INSURANCE|KVNR/, "HEALTH_ID"],
  [/SORT_CODE|ACCOUNT|ROUTING/, "BANK_ACCOUNT"],
  [/TAX|TIN|UTR|EIN|ITIN/, "TAX_ID"],
  [/SSN|NATIONAL|INSURANCE_NUMBER|NINO|BSN|NIR|ID_CARD|IDENTITY|SOCIAL/, "NATIONAL_ID"],
];

export function mapOpenRedactionType(type: string): string {
  return openRedactionTypes.find(([pattern]) => pattern.test(type))?.[1] ?? type;
}

export function createOpenRedaction(): (text: string) => Found[] {
  const detector = new OpenRedaction({ preset: "gdpr" });
  return (text) =>
    detector.detect(text).detections.map((detection) => ({
      type: mapOpenRedactionType(detection.type),
      start: detection.position[0],
      end: detection.position[1],
    }));
}

const redactPiiRules = {
  CREDIT_CARD: "CREDIT_CARD",
  EMAIL: "EMAIL",
  NAME: "PERSON",
  PHONE: "PHONE",
  SSN: "NATIONAL_ID",
} as const;
export const redactPiiTypes = new Set<string>(Object.values(redactPiiRules));

const marker = "\u0007";

export function createRedactPii(): (text: string) => Found[] {
  const redactors = Object.entries(redactPiiRules).map(([rule, type]) => ({
    type,
    redactor: new Redactor({ rules: { [rule]: true }, globalReplaceWith: marker }),
  }));
  return (text) => {
    const found: Found[] = [];
    for (const { type, redactor } of redactors) {
      for (const [start, end] of alignMarkers(text, redactor.redact(text))) found.push({ type, start, end });
    }
    return found;
  };
}

/** Spans of `original` that were replaced by a marker in `redacted` (the rest is unchanged). */
export function alignMarkers(original: string, redacted: string): Array<[number, number]> {
  const pieces = redacted.split(marker);
  const spans: Array<[number, number]> = [];
  let cursor = pieces[0]!.length;
  for (let i = 1; i < pieces.length; i++) {
    const next = pieces[i]!;
    const end =
      next === "" ? (i === pieces.length - 1 ? original.length : cursor) : original.indexOf(next, cursor + 1);
    if (end < 0) break;
    spans.push([cursor, end]);
    cursor = end + next.length;
  }
  return spans;
}
