import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPersonalDataSet } from "../../../bench/privacy-data";
import { findAddresses } from "../../../kernel/privacy/address";
import { findBankAccounts } from "../../../kernel/privacy/bank-account";
import { allCueGates, findCueWords, mayMatch } from "../../../kernel/privacy/cue-words";
import { detectPersonalData } from "../../../kernel/privacy/detect";
import { findHealthIds } from "../../../kernel/privacy/health-id";
import { findIdDocuments } from "../../../kernel/privacy/id-documents";
import { findNationalIds } from "../../../kernel/privacy/national-id";
import { findPersonNames } from "../../../kernel/privacy/person-name";
import { findTaxIds } from "../../../kernel/privacy/tax-id";
import type { Finder } from "../../../kernel/privacy/types";

/** The finders that skip work on the cue words; without `cues` each runs every test itself. */
const gatedFinders: Record<string, Finder> = {
  findAddresses,
  findBankAccounts,
  findHealthIds,
  findIdDocuments,
  findNationalIds,
  findPersonNames,
  findTaxIds,
};

/** Every gated finder finds the same with the cue words as without them. */
function expectGatesChangeNothing(text: string) {
  const cues = findCueWords(text);
  for (const [name, find] of Object.entries(gatedFinders)) {
    expect({ name, text, found: find(text, cues) }).toEqual({ name, text, found: find(text) });
  }
}

/**
 * The forms each gated regex accepts, written out from its alternatives (with each [éè]-style class
 * spelt both ways), and what the address patterns need around them.
 */
const acceptedForms = [
  // bank-account.ts
  ..."routing aba rtn transit sort-code account acct konto compte rekening".split(" "),
  "sort code",
  // health-id.ts
  ..."nhs versicherten kvnr krankenkasse krankenversicherung".split(" "),
  ...["health insurance", "insurance number", "assurance maladie"],
  // id-documents.ts
  ..."pass licence license führerschein fuhrerschein permis rijbewijs dl".split(" "),
  // national-id.ts
  ..."steuer identifikationsnummer idnr tin id-nr ausweis id-karte bsn burgerservicenummer sofi ssn".split(
    " ",
  ),
  ...["tax id", "identity card", "id card", "carte d'identité", "carte d'identite", "social security"],
  // tax-id.ts
  ..."ein utr spi contribuable".split(" "),
  ...["employer identification", "federal tax", "tax number", "unique taxpayer reference"],
  ...["tax reference", "self assessment", "numéro fiscal", "numero fiscal", "identifiant fiscal"],
  ...["identification fiscale"],
  // person-name.ts (introductions)
  ...["I'm ", "I’m ", "I am ", "my name is ", "je suis ", "je m'appelle ", "je m’appelle ", "ich bin "],
  ...["ich heiße ", "mein name ist ", "named ", "name: ", "in the name of ", "au nom de "],
  ...["titulaire ", "inhaberin ", "empfängerin ", "patient ", "candidate ", "client ", "kunde "],
  ...["employee ", "salarié ", "mitarbeiterin ", "issued to ", "belongs to "],
  // address.ts (French streets): a number before, a capitalised word and a number after
  ..."rue avenue av. boulevard bd place allée chemin impasse quai route cours square passage".split(" "),
  ...["rond-point", "chaussée", "12 ", " 5", " Gare ", " de la "],
];

describe("cue words: a prefilter never drops a detection", () => {
  it("every gate is declared in a form the one-pass finder can see", () => {
    expect(allCueGates()).toHaveLength(14);
    for (const gate of allCueGates()) {
      expect(gate.regex.flags).not.toMatch(/[uv]/);
      for (const word of gate.words) expect(word).toMatch(/^[^A-Z]{2,}$/);
    }
  });

  it("a gate is open wherever its regex matches, for the accepted forms in any case, anywhere in a text", () => {
    // Each character in either case, as a person may write it: "ALLÉE", "FÜHRERSCHEIN", "Nhs".
    const anyCase = (form: string, flips: boolean[]) =>
      [...form]
        .map((char, i) => (flips[i % flips.length] ? char.toUpperCase() : char.toLowerCase()))
        .join("");
    const piece = fc.oneof(
      fc
        .tuple(fc.constantFrom(...acceptedForms), fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }))
        .map(([form, flips]) => anyCase(form, flips)),
      fc.constantFrom(" ", "\n", ", ", ": ", "-", "'", "’", "x", "É", "1000 Bruxelles", "Marie", "4"),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const text = pieces.join("");
        const cues = findCueWords(text);
        for (const gate of allCueGates()) {
          gate.regex.lastIndex = 0;
          if (gate.regex.test(text))
            expect({ text, gate: gate.regex.source, open: mayMatch(gate, cues) }).toEqual({
              text,
              gate: gate.regex.source,
              open: true,
            });
          gate.regex.lastIndex = 0;
        }
      }),
      { numRuns: 2000 },
    );
  });

  // For each detector, a value it finds with its cue word in an unusual case, with diacritics, at
  // the start or the end of the text: each would be lost if its gate missed that spelling.
  it.each([
    ["ABA ROUTING: 021000021", "BANK_ACCOUNT", "021000021"],
    ["Sort-Code 20-00-00", "BANK_ACCOUNT", "20-00-00"],
    ["NHS: 943 476 5919", "HEALTH_ID", "943 476 5919"],
    ["KRANKENVERSICHERUNG A123456780", "HEALTH_ID", "A123456780"],
    ["PASSPORT NO. X1234567", "PASSPORT", "X1234567"],
    ["FÜHRERSCHEIN: B072RRE2I5", "DRIVER_LICENSE", "B072RRE2I5"],
    ["my DL is D1234567", "DRIVER_LICENSE", "D1234567"],
    ["STEUER-ID 86 095 742 719", "NATIONAL_ID", "86 095 742 719"],
    ["CARTE D'IDENTITÉ T220001293", "NATIONAL_ID", "T220001293"],
    ["BSN 111222333", "NATIONAL_ID", "111222333"],
    ["SOCIAL SECURITY 536 22 5981", "NATIONAL_ID", "536 22 5981"],
    ["EIN 12-3456789", "TAX_ID", "12-3456789"],
    ["UTR 12345 67890", "TAX_ID", "12345 67890"],
    ["NUMÉRO FISCAL 1234567890123", "TAX_ID", "1234567890123"],
    // Not a listed given name: only the introduction finds these.
    ["EMPFÄNGERIN: Zorana Kwiatkowska", "PERSON", "Zorana Kwiatkowska"],
    ["Kwiatkowska, I’M Zorana Kwiatkowska", "PERSON", "Zorana Kwiatkowska"],
    ["JE M’APPELLE Zorana Kwiatkowska", "PERSON", "Zorana Kwiatkowska"],
    ["5 ALLÉE des Tilleuls, 69003 Lyon", "ADDRESS", "5 ALLÉE des Tilleuls, 69003 Lyon"],
    ["Allée des Tilleuls 5, 69003 Lyon", "ADDRESS", "Allée des Tilleuls 5, 69003 Lyon"],
    ["wohnhaft Chaussée de Wavre 12, 1050 Ixelles", "ADDRESS", "Chaussée de Wavre 12, 1050 Ixelles"],
    ["meet at 5 BD Voltaire, 75011 Paris", "ADDRESS", "5 BD Voltaire, 75011 Paris"],
  ])("%s → %s %s", (text, type, value) => {
    expect(detectPersonalData(text).map((entity) => [entity.type, entity.text])).toContainEqual([
      type,
      value,
    ]);
    expectGatesChangeNothing(text);
  });

  it("the gated finders find the same with and without cue words on every dev-set message", () => {
    const messages = loadPersonalDataSet("dev");
    expect(messages.length).toBeGreaterThan(100);
    for (const message of messages) {
      expectGatesChangeNothing(message.text);
      expectGatesChangeNothing(message.text.toUpperCase());
    }
  });
});

// Dates of birth skip each date pattern when its year is not written as the pattern needs it
// (after a space, after a separator, before a dash): one date per pattern, in forms and positions
// that stretch that test — capitals, accents, an ordinal, the year at the very end of the text.
describe("the year test before each date pattern never drops a date of birth", () => {
  it.each([
    ["born 31.12.1990", "31.12.1990"],
    ["date of birth 12/31/1990", "12/31/1990"],
    ["31.12.1990 geboren", "31.12.1990"],
    ["DOB: 1990-12-31", "1990-12-31"],
    ["née le 3 MARS 1985", "3 MARS 1985"],
    ["Geburtsdatum: 1. Januar 1990", "1. Januar 1990"],
    ["NAISSANCE : 1er août 1979", "1er août 1979"],
    ["born on March 3rd, 1985", "March 3rd, 1985"],
    ["Born Sept 9 2001", "Sept 9 2001"],
  ])("%s → %s", (text, value) => {
    expect(detectPersonalData(text).map((entity) => [entity.type, entity.text])).toEqual([
      ["DATE_OF_BIRTH", value],
    ]);
  });
});

// MAC addresses test each pattern's own part ("-XX-" or ":XX:", ".XXXX.") before running it.
describe("the part tested before each MAC address pattern never drops an address", () => {
  it.each([
    ["switch port 0011.22AA.bbcc", "0011.22AA.bbcc"],
    ["MAC 88-E9-FE-12-AB-CD", "88-E9-FE-12-AB-CD"],
    ["88:e9:fe:12:ab:cd", "88:e9:fe:12:ab:cd"],
  ])("%s → %s", (text, value) => {
    expect(detectPersonalData(text).map((entity) => [entity.type, entity.text])).toEqual([
      ["MAC_ADDRESS", value],
    ]);
  });
});
