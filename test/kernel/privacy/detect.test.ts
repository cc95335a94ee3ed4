import { describe, expect, it } from "vitest";
import { containsPersonalData, detectPersonalData, personalDataTypes } from "../../../kernel/privacy/index";

/** The [type, text] pairs found, in order. */
function found(text: string): Array<[string, string]> {
  return detectPersonalData(text).map((entity) => [entity.type, entity.text]);
}

describe("detectPersonalData: one example per entity type", () => {
  const cases: Array<[string, string, string]> = [
    ["PERSON", "Please ask Rebecca Stone about the lease.", "Rebecca Stone"],
    ["PERSON", "Sehr geehrte Frau Keller, danke.", "Keller"],
    ["PERSON", "Je m'appelle Nicolas Faure.", "Nicolas Faure"],
    ["EMAIL", "Write to uwe.krause@firma-krause.de today.", "uwe.krause@firma-krause.de"],
    ["PHONE", "Call +44 161 496 0321 after lunch.", "+44 161 496 0321"],
    ["PHONE", "Tel. 030 20145566 (Zentrale)", "030 20145566"],
    ["PHONE", "Mon numéro : 06 98 76 54 32", "06 98 76 54 32"],
    ["PHONE", "US desk: (646) 397-2281", "(646) 397-2281"],
    ["IBAN", "IBAN DE89 3704 0044 0532 0130 00, please.", "DE89 3704 0044 0532 0130 00"],
    ["IBAN", "Compte LU280019400644750000.", "LU280019400644750000"],
    ["CREDIT_CARD", "Card 4663 9233 2146 8814 expires soon.", "4663 9233 2146 8814"],
    ["CREDIT_CARD", "Amex 3776 161249 06528.", "3776 161249 06528"],
    [
      "ADDRESS",
      "Deliver to 7 Station Road, Cambridge CB1 2JH tomorrow.",
      "7 Station Road, Cambridge CB1 2JH",
    ],
    ["ADDRESS", "Lieferadresse: Friedrichstraße 44, 10117 Berlin.", "Friedrichstraße 44, 10117 Berlin"],
    ["ADDRESS", "Adresse : 5 allée des Tilleuls, 33000 Bordeaux.", "5 allée des Tilleuls, 33000 Bordeaux"],
    ["DATE_OF_BIRTH", "Born 9 October 1987 in Cork.", "9 October 1987"],
    ["DATE_OF_BIRTH", "Geburtsdatum: 17.11.1981", "17.11.1981"],
    ["DATE_OF_BIRTH", "Née le 5 juillet 1969.", "5 juillet 1969"],
    ["IP_ADDRESS", "Login from 81.2.69.160 failed.", "81.2.69.160"],
    ["IP_ADDRESS", "Host fe80::1ff:fe23:4567:890a is down.", "fe80::1ff:fe23:4567:890a"],
    ["MAC_ADDRESS", "MAC 88:e9:fe:12:ab:cd unknown.", "88:e9:fe:12:ab:cd"],
    ["NATIONAL_ID", "Matricule 1990122445623.", "1990122445623"],
    ["NATIONAL_ID", "Steuer-ID 86095742719 liegt vor.", "86095742719"],
    ["NATIONAL_ID", "Numéro de sécurité sociale 1 92 03 45 678 123 02.", "1 92 03 45 678 123 02"],
    ["NATIONAL_ID", "Belgian ID 92.06.11-415.65.", "92.06.11-415.65"],
    ["NATIONAL_ID", "Her BSN is 111222333.", "111222333"],
    ["NATIONAL_ID", "NI number AB 12 34 56 C.", "AB 12 34 56 C"],
    ["NATIONAL_ID", "SSN 412-55-8723 on file.", "412-55-8723"],
    ["NATIONAL_ID", "Personalausweis T220001293.", "T220001293"],
    ["TAX_ID", "ITIN 944-72-1038 issued.", "944-72-1038"],
    ["TAX_ID", "Our EIN is 27-4815162.", "27-4815162"],
    ["VAT_NUMBER", "USt-IdNr. DE246813573", "DE246813573"],
    ["VAT_NUMBER", "TVA FR50421983510.", "FR50421983510"],
    ["VAT_NUMBER", "VAT LU12345613.", "LU12345613"],
    ["PASSPORT", "Her passport number is 548213907.", "548213907"],
    ["DRIVER_LICENSE", "Licence JONES710238AB1CD scanned.", "JONES710238AB1CD"],
    ["DRIVER_LICENSE", "Führerschein-Nummer N0705119A32.", "N0705119A32"],
    ["HEALTH_ID", "NHS number 943 476 5919.", "943 476 5919"],
    ["HEALTH_ID", "Krankenversichertennummer A123456780.", "A123456780"],
    ["BANK_ACCOUNT", "Routing number 021000021 at Chase.", "021000021"],
    ["BANK_ACCOUNT", "Sort code 60-16-13 for the transfer.", "60-16-13"],
  ];

  it.each(cases)("%s in %j", (type, text, value) => {
    expect(found(text)).toContainEqual([type, value]);
  });

  it("covers every declared type", () => {
    expect(new Set(cases.map(([type]) => type))).toEqual(new Set(personalDataTypes));
  });

  it("reports offsets that slice back to the value", () => {
    const text = "Write to Chloe Evans at chloe@evans.dev or +33 1 44 55 66 77.";
    for (const entity of detectPersonalData(text))
      expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    expect(found(text)).toEqual([
      ["PERSON", "Chloe Evans"],
      ["EMAIL", "chloe@evans.dev"],
      ["PHONE", "+33 1 44 55 66 77"],
    ]);
  });
});

describe("look-alikes are not personal data", () => {
  const lookalikes = [
    "Invoice INV-88231 totals £2,450.00 including VAT.",
    "Order 7734129905 was delivered to the warehouse.",
    "Upgrade to v4.12.0.1 before Friday; build 1.0.0.255 is ready.",
    "We need 1500 units at $12.99 each.",
    "Hello {first_name}, your code is [CODE] and your mail user@example.com.",
    "Meeting moved to 03/04/2025 at 3pm, room 201.",
    "Rechnung 2024-4471 über 3.280,00 EUR, Lieferung am 05.12.2024.",
    "Facture FA-2024-118, total 980,00 €, 30 cartons.",
    "The firmware 3.14.159.26 broke the printer driver.",
    "Kundennummer 10045873, Vertrag 22-104-88.",
    "Step 3 of 12: upload file 20241107_report.pdf.",
  ];

  it.each(lookalikes)("nothing in %j", (text) => {
    expect(found(text)).toEqual([]);
  });

  it("a 16-digit number that fails Luhn is not a card", () => {
    expect(found("Reference 4663 9233 2146 8815 on the statement.")).toEqual([]);
    expect(found("Reference 4663 9233 2146 8814 on the statement.")).toEqual([
      ["CREDIT_CARD", "4663 9233 2146 8814"],
    ]);
  });

  it("an IBAN with a wrong check digit is not an IBAN", () => {
    expect(found("IBAN GB82 WEST 1234 5698 7654 33 was rejected.")).toEqual([]);
    expect(found("IBAN GB82 WEST 1234 5698 7654 32 was accepted.")).toEqual([
      ["IBAN", "GB82 WEST 1234 5698 7654 32"],
    ]);
  });

  it("a checksum-weak number needs its name nearby", () => {
    expect(found("Ticket 111222333 closed.")).toEqual([]);
    expect(found("BSN 111222333.")).toEqual([["NATIONAL_ID", "111222333"]]);
    expect(found("Meeting on 12.04.1975 in Bonn.")).toEqual([]);
  });

  it("containsPersonalData is the flag the router needs", () => {
    expect(containsPersonalData("Please summarise the Q3 numbers.")).toBe(false);
    expect(containsPersonalData("Please email sarah.connolly@brightpath.co.uk the Q3 numbers.")).toBe(true);
  });
});
