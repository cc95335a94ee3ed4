/**
 * Bank account details that are not IBANs: US ABA routing numbers (3-7-1 checksum), UK sort codes,
 * and account numbers named as such. IBANs are found by iban.ts and win any overlap.
 */
import { cueBefore } from "./context";
import { type CueWords, cueGate, gatedTest } from "./cue-words";
import { validAbaRoutingNumber } from "./national-id-checks";
import { Confidence, candidate, type PiiCandidate } from "./types";

const routingShape = /(?<![\w.-])\d{9}(?![\w]|[.,]\d)/g;
const routingCue = /(?:routing|\baba\b|\brtn\b|transit number)[^.\n]{0,20}$/i;
const sortCodeShape = /(?<![\w.-])\d{2}-\d{2}-\d{2}(?![\w]|-\d)/g;
const sortCodeCue = /sort[- ]code[^.\n\d]{0,12}$/i;
const accountShape = /(?<![\w.-])\d{6,17}(?![\w]|[.,]\d)/g;
const accountCue =
  /(?:account|acct|konto(?:nummer)?|kontonr|num[ée]ro de compte|compte|rekeningnummer)(?: (?:number|no\.?|nr\.?|n°))?[:#]?\s*$/i;

const mentionsBankDetails = cueGate(
  /routing|\baba\b|\brtn\b|transit|sort[- ]code|account|acct|konto|compte|rekening/i,
  [
    "routing",
    "aba",
    "rtn",
    "transit",
    "sort code",
    "sort-code",
    "account",
    "acct",
    "konto",
    "compte",
    "rekening",
  ],
);

export function findBankAccounts(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (!gatedTest(mentionsBankDetails, text, cues)) return found;
  for (const match of text.matchAll(routingShape)) {
    if (validAbaRoutingNumber(match[0]) && cueBefore(text, match.index, routingCue, 40)) {
      found.push(candidate("BANK_ACCOUNT", text, match.index, match.index + 9, Confidence.proven));
    }
  }
  for (const match of text.matchAll(sortCodeShape)) {
    if (cueBefore(text, match.index, sortCodeCue, 24)) {
      found.push(candidate("BANK_ACCOUNT", text, match.index, match.index + 8, Confidence.strong));
    }
  }
  for (const match of text.matchAll(accountShape)) {
    if (cueBefore(text, match.index, accountCue, 32)) {
      found.push(
        candidate("BANK_ACCOUNT", text, match.index, match.index + match[0].length, Confidence.strong),
      );
    }
  }
  return found;
}
