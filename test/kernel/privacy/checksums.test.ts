import { describe, expect, it } from "vitest";
import {
  ibanMod97Valid,
  luhnValid,
  mod11x10CheckDigit,
  verhoeffValid,
} from "../../../kernel/privacy/checksums";
import {
  validAbaRoutingNumber,
  validBelgianNationalNumber,
  validDutchBsn,
  validFrenchNir,
  validGermanHealthInsuranceNumber,
  validGermanIdCard,
  validGermanTaxId,
  validLuxembourgMatricule,
  validNhsNumber,
  validUkNino,
  validUsSsn,
} from "../../../kernel/privacy/national-id-checks";

describe("check digits", () => {
  it("Luhn accepts published test card numbers and rejects a changed digit", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("378282246310005")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("")).toBe(false);
  });

  it("IBAN mod 97 accepts the registry examples and rejects a wrong check digit", () => {
    expect(ibanMod97Valid("DE89370400440532013000")).toBe(true);
    expect(ibanMod97Valid("GB82WEST12345698765432")).toBe(true);
    expect(ibanMod97Valid("FR1420041010050500013M02606")).toBe(true);
    expect(ibanMod97Valid("DE89370400440532013001")).toBe(false);
  });

  it("Verhoeff detects every single-digit change", () => {
    expect(verhoeffValid("2363")).toBe(true); // the textbook example: 236 → check digit 3
    for (let d = 0; d <= 9; d++) if (d !== 3) expect(verhoeffValid(`236${d}`)).toBe(false);
  });

  it("ISO 7064 MOD 11,10 gives the published German tax id's check digit", () => {
    expect(mod11x10CheckDigit("8609574271")).toBe(9);
  });
});

describe("national identifiers", () => {
  it("LU matricule needs a real birth date, the Luhn digit and the Verhoeff digit", () => {
    expect(validLuxembourgMatricule("1990122445623")).toBe(true);
    expect(validLuxembourgMatricule("1990122445633")).toBe(false); // Luhn digit changed
    expect(validLuxembourgMatricule("1990122445624")).toBe(false); // Verhoeff digit changed
    expect(validLuxembourgMatricule("1990133045623")).toBe(false); // 30th of the 13th month
  });

  it("DE tax id: the digit-repetition rule and the check digit", () => {
    expect(validGermanTaxId("86095742719")).toBe(true);
    expect(validGermanTaxId("86095742718")).toBe(false);
    expect(validGermanTaxId("12345678901")).toBe(false); // no repeated digit
    expect(validGermanTaxId("06095742719")).toBe(false); // leading zero
  });

  it("DE identity card serial: the 7-3-1 check digit", () => {
    expect(validGermanIdCard("T220001293")).toBe(true);
    expect(validGermanIdCard("T220001294")).toBe(false);
  });

  it("FR NIR: key = 97 − (number mod 97), Corsica departments included", () => {
    expect(validFrenchNir("192034567812302")).toBe(true);
    expect(validFrenchNir("192034567812303")).toBe(false);
    // 2A: replace by 19 and subtract 1,000,000 before the modulo.
    const body = "185052A123456";
    const key = 97 - ((Number("1850519123456") - 1_000_000) % 97);
    expect(validFrenchNir(`${body}${String(key).padStart(2, "0")}`)).toBe(true);
  });

  it("BE national number: both the 19xx and the 20xx rule", () => {
    expect(validBelgianNationalNumber("92061141565")).toBe(true);
    expect(validBelgianNationalNumber("05123020187")).toBe(true); // born in 2005: "2" prefixed
    expect(validBelgianNationalNumber("92061141566")).toBe(false);
  });

  it("NL BSN: the 11-proof", () => {
    expect(validDutchBsn("111222333")).toBe(true);
    expect(validDutchBsn("123456782")).toBe(true);
    expect(validDutchBsn("123456789")).toBe(false);
  });

  it("UK NINO: prefixes never issued are refused", () => {
    expect(validUkNino("AB123456C")).toBe(true);
    expect(validUkNino("GB123456C")).toBe(false);
    expect(validUkNino("QQ123456C")).toBe(false);
    expect(validUkNino("AB123456E")).toBe(false);
  });

  it("US SSN: areas 000, 666 and 9xx, group 00 and serial 0000 were never issued", () => {
    expect(validUsSsn("412558723")).toBe(true);
    for (const never of ["000558723", "666558723", "912558723", "412008723", "412550000"]) {
      expect(validUsSsn(never)).toBe(false);
    }
  });

  it("NHS number mod 11, KVNR and ABA routing checks", () => {
    expect(validNhsNumber("9434765919")).toBe(true);
    expect(validNhsNumber("9434765918")).toBe(false);
    expect(validGermanHealthInsuranceNumber("A123456780")).toBe(true);
    expect(validGermanHealthInsuranceNumber("A123456781")).toBe(false);
    expect(validAbaRoutingNumber("021000021")).toBe(true);
    expect(validAbaRoutingNumber("021000022")).toBe(false);
  });
});
