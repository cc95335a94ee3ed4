/**
 * Payment card numbers: the issuer's prefix and length (Visa, Mastercard incl. 2-series, Amex,
 * Discover, Diners, JCB, UnionPay, Maestro) and the Luhn check. Written compact or in the issuer's
 * groups with one kind of separator; a 16-digit number failing Luhn is a reference, not a card.
 */
import { luhnValid } from "./checksums";
import { Confidence, candidate, type PiiCandidate } from "./types";

const cardShape = /(?<![\w.,-])\d{4}(?:([ -]?)\d{2,6}){2,4}(?![\w]|[.,-]\d)/g;

interface IssuerRange {
  from: number;
  to: number;
  /** Prefix length in digits for `from`/`to`. */
  digits: number;
  lengths: number[];
}

const issuerRanges: IssuerRange[] = [
  { from: 4, to: 4, digits: 1, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, digits: 2, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, digits: 4, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, digits: 2, lengths: [15] }, // American Express
  { from: 37, to: 37, digits: 2, lengths: [15] },
  { from: 6011, to: 6011, digits: 4, lengths: [16, 19] }, // Discover
  { from: 644, to: 649, digits: 3, lengths: [16, 19] },
  { from: 65, to: 65, digits: 2, lengths: [16, 19] },
  { from: 300, to: 305, digits: 3, lengths: [14, 16, 19] }, // Diners Club
  { from: 36, to: 36, digits: 2, lengths: [14, 16, 19] },
  { from: 38, to: 39, digits: 2, lengths: [14, 16, 19] },
  { from: 3528, to: 3589, digits: 4, lengths: [16, 17, 18, 19] }, // JCB
  { from: 62, to: 62, digits: 2, lengths: [16, 17, 18, 19] }, // UnionPay
  { from: 50, to: 50, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { from: 56, to: 58, digits: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { from: 6759, to: 6759, digits: 4, lengths: [16, 18, 19] },
];

export function issuerOf(digits: string): boolean {
  return issuerRanges.some((range) => {
    const prefix = Number(digits.slice(0, range.digits));
    return prefix >= range.from && prefix <= range.to && range.lengths.includes(digits.length);
  });
}

export function findPaymentCards(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(cardShape)) {
    const raw = match[0];
    const separators = new Set(raw.match(/[ -]/g) ?? []);
    if (separators.size > 1) continue;
    const digits = raw.replace(/[ -]/g, "");
    if (digits.length < 12 || digits.length > 19) continue;
    if (!issuerOf(digits) || !luhnValid(digits)) continue;
    found.push(candidate("CREDIT_CARD", text, match.index, match.index + raw.length, Confidence.proven));
  }
  return found;
}
