/**
 * Postal addresses in the shapes used across the EU and the UK:
 * - "221 Baker Street, London NW1 6XE" (number first, a street word, town, UK postcode);
 * - "Hauptstraße 12, 10115 Berlin", "Kalverstraat 92, 1012 PH Amsterdam" (street, number, postcode, town);
 * - "12 rue de la Gare, L-1616 Luxembourg", "Rue de la Loi 16, 1000 Brussels" (French-speaking forms).
 * A street with a number and a postcode with a town is what makes it an address; "Room 221B" is not.
 */
import { type CueWords, cueGate, mayMatch } from "./cue-words";
import { Confidence, candidate, type PiiCandidate } from "./types";

const upper = "A-ZÄÖÜÉÈÊÀÂÎÔÛÇ";
const lower = "a-zäöüßéèêëàâîïôûùç";
const word = `[${upper}][${lower}'’-]+`;
const words = `${word}(?: ${word}){0,3}`;
const houseNumber = "\\d{1,4}(?: ?[a-zA-Z](?![\\w]))?(?:[-/]\\d{1,4})?";
const town = `[${upper}][${lower}-]+(?:[ -](?:am|an der|sur|sous|le|la|en|[${upper}][${lower}-]+))*`;

const englishStreet =
  "(?:Street|St\\.?|Road|Rd\\.?|Avenue|Ave\\.?|Lane|Ln\\.?|Way|Drive|Dr\\.?|Place|Square|Close|Court|Gardens|Terrace|Crescent|Row|Hill|Grove|Park|Mews|Walk|Parade|Boulevard|Blvd\\.?)";
const ukPostcode = "[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}";
const usZip = "[A-Z]{2} \\d{5}(?:-\\d{4})?";
const streetSuffixWord =
  "(?:straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|markt|chaussee|steig|pfad|kai|straat|laan|plein|gracht|kade|singel|dijk|steenweg)";
const germanicStreetSuffix = `[${lower}]*${streetSuffixWord}`;
const frenchStreet =
  "(?:rue|avenue|av\\.|boulevard|bd|place|allée|chemin|impasse|quai|route|cours|square|passage|rond-point|chaussée)";
const frenchLinker = "(?:de la |de l'|du |des |de |d'|l'|la |le )?";
const postcode = "(?:[A-Z]{1,2}-)?\\d{4,5}(?: [A-Z]{2}(?![\\w]))?";

const patterns = [
  // 221 Baker Street, London NW1 6XE  |  48 Elm Road, Manchester M14 5RT
  new RegExp(
    `(?<![\\w])${houseNumber} ${words} ${englishStreet}(?:, ${town}(?:,? (?:${ukPostcode}|${usZip}))?)?(?![\\w])`,
    "g",
  ),
  // Hauptstraße 12, 10115 Berlin  |  Kalverstraat 92, 1012 PH Amsterdam
  new RegExp(
    `(?<![\\w])(?:[${upper}][${lower}]+(?:er|e) )?[${upper}]${germanicStreetSuffix} ${houseNumber}(?:, ?${postcode} ${town})?(?![\\w])`,
    "g",
  ),
  // Am Markt 5, 28195 Bremen (German street names with a preposition)
  new RegExp(
    `(?<![\\w])(?:Am|An der|An den|Im|In der|Auf der|Auf dem|Zum|Zur|Unter den) ${word} ${houseNumber}(?:, ?${postcode} ${town})?(?![\\w])`,
    "g",
  ),
  // Marktplatz 1, 70173 Stuttgart (a street without a recognised suffix needs the postcode)
  new RegExp(`(?<![\\w])${word} ${houseNumber}, ${postcode} ${town}(?![\\w])`, "g"),
  // 12 rue de la Gare, L-1616 Luxembourg
  new RegExp(
    `(?<![\\w])${houseNumber}(?: ?(?:bis|ter))?,? ${frenchStreet} ${frenchLinker}${words}(?:, ?${postcode} ${town})?(?![\\w])`,
    "gi",
  ),
  // Rue de la Loi 16, 1000 Brussels
  new RegExp(
    `(?<![\\w])${frenchStreet} ${frenchLinker}${words} ${houseNumber}(?:, ?${postcode} ${town})?(?![\\w])`,
    "gi",
  ),
];

/**
 * One cheap test per pattern over the whole text (a street word, or a postcode after a number):
 * most messages hold no address, and the full patterns are the detector's most expensive.
 */
const frenchStreetCapitalised =
  "(?:Rue|Avenue|Av\\.|Boulevard|Bd|Place|Allée|Chemin|Impasse|Quai|Route|Cours|Square|Passage|Rond-point|Chaussée)";
const gates = [
  new RegExp(`\\d[a-zA-Z]? (?:[${upper}][${lower}'’-]+ ){1,4}${englishStreet}\\b`),
  // The suffix alone: "[a-z]*suffix \d" holds exactly when "suffix \d" does, and a leading
  // "[a-z]*" made the engine rescan every lowercase run (the costliest test of the detector).
  new RegExp(`${streetSuffixWord} \\d`),
  /\b(?:Am|An|Im|In|Auf|Zum|Zur|Unter) [A-ZÄÖÜ][^\n\d]{0,30}\d/,
  /\d[a-zA-Z]?, ?(?:[A-Z]{1,2}-)?\d{4,5} [A-ZÄÖÜÉ]/,
  new RegExp(`\\d[^\\n\\d]{0,6}\\b${frenchStreet}\\b`, "i"),
  new RegExp(`${frenchStreetCapitalised} [^\\n\\d]{0,50}\\d`),
];

/**
 * The French street words, for the two French gates: without one of them (in any case), neither
 * can match. Accented words are listed in both cases of the accented letter.
 */
const frenchStreetWords = [
  "rue",
  "avenue",
  "av.",
  "boulevard",
  "bd",
  "place",
  "allée",
  "allÉe",
  "chemin",
  "impasse",
  "quai",
  "route",
  "cours",
  "square",
  "passage",
  "rond-point",
  "chauss",
];
const frenchGates = [cueGate(gates[4]!, frenchStreetWords), cueGate(gates[5]!, frenchStreetWords)];

/** Words a capitalised run may not contain in these patterns (so "Room 4" is not a street). */
const notStreetWords =
  /\b(?:Room|Raum|Salle|Floor|Etage|Gate|Seat|Page|Version|Build|Step|Order|Invoice|Ticket)\b/;

export function findAddresses(text: string, cues?: CueWords): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const [index, pattern] of patterns.entries()) {
    if (index >= 4 && !mayMatch(frenchGates[index - 4]!, cues)) continue;
    if (!gates[index]!.test(text)) continue;
    for (const match of text.matchAll(pattern)) {
      const value = match[0];
      if (notStreetWords.test(value)) continue;
      // The French patterns are case-insensitive for "rue"/"Rue": require a capitalised name in them.
      if (index >= 4 && !new RegExp(`[${upper}]`).test(value.replace(/^\d+\s*/, "").slice(1))) continue;
      const hasPostcode = /\d{4,5}|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}/.test(value.replace(/^\d{1,4}/, ""));
      found.push(
        candidate(
          "ADDRESS",
          text,
          match.index,
          match.index + value.length,
          hasPostcode ? Confidence.strong : Confidence.likely,
        ),
      );
    }
  }
  return found;
}
