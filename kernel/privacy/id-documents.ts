/**
 * Document numbers with no public checksum in the printed number: passports and driving licences.
 * They are reported when the text names the document just before the number. The UK driving
 * licence's 16-character layout (surname, birth date, initials) is specific enough on its own.
 */
import { cueBefore } from "./context";
import { type CueWords, cueGate, gatedTest } from "./cue-words";
import { Confidence, candidate, type PiiCandidate } from "./types";

const passportCue =
  /(?:passport|passeport|reisepass|paspoort|pass-?nr|passnummer)(?:[^.\n;]|(?<=\b(?:no|No|nr|Nr|n°))\.){0,30}$/i;
const licenceCue =
  /(?:driving licen[cs]e|driver'?s? licen[cs]e|licen[cs]e n(?:o|umber)|führerschein|fuhrerschein|permis de conduire|permis|rijbewijs|\bdl\b)[^.\n;]{0,30}$/i;

/** An uppercase letter-and-digit token of 6–16 characters with at least two digits. */
const documentToken = /(?<![\w-])(?=[A-Z0-9]*\d[A-Z0-9]*\d)[A-Z0-9]{6,16}(?![\w-])/g;
const ukDrivingLicence = /(?<![\w-])[A-Z9]{5}\d[0156]\d{4}[A-Z9]{2}\d[A-Z]{2}(?![\w-])/g;

/** What follows the five name letters of a UK licence: a necessary part, found far faster. */
const mayHoldUkDrivingLicence = /\d[0156]\d{4}[A-Z9]{2}\d[A-Z]{2}/;

const mentionsDocument = cueGate(/pass|licen[cs]e|f[üu]hrerschein|permis|rijbewijs|\bdl\b/i, [
  "pass",
  "licence",
  "license",
  "hrerschein",
  "permis",
  "rijbewijs",
  "dl",
]);

export function findIdDocuments(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (mayHoldUkDrivingLicence.test(text)) {
    for (const match of text.matchAll(ukDrivingLicence)) {
      found.push(
        candidate("DRIVER_LICENSE", text, match.index, match.index + match[0].length, Confidence.proven),
      );
    }
  }
  if (!gatedTest(mentionsDocument, text, cues)) return found;
  for (const match of text.matchAll(documentToken)) {
    const value = match[0];
    if (cueBefore(text, match.index, passportCue, 44) && value.length <= 10) {
      found.push(candidate("PASSPORT", text, match.index, match.index + value.length, Confidence.strong));
    } else if (cueBefore(text, match.index, licenceCue, 44)) {
      found.push(
        candidate("DRIVER_LICENSE", text, match.index, match.index + value.length, Confidence.strong),
      );
    }
  }
  return found;
}
