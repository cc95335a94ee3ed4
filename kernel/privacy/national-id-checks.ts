/**
 * Validators for national identifiers, one function per country, each given the compact value.
 * Where a country's number has a checksum it is checked; where it has none (UK NINO, US SSN),
 * the issuing rules (prefixes never issued) are.
 */
import {
  decimalMod,
  isCalendarDate,
  luhnValid,
  mod11x10CheckDigit,
  verhoeffValid,
  weightedSum,
} from "./checksums";

/** Luxembourg matricule: YYYYMMDD + 3 digits + a Luhn digit + a Verhoeff digit over the first 11. */
export function validLuxembourgMatricule(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  const year = Number(digits.slice(0, 4));
  if (year < 1890 || !isCalendarDate(year, Number(digits.slice(4, 6)), Number(digits.slice(6, 8))))
    return false;
  const base = digits.slice(0, 11);
  return luhnValid(base + digits[11]) && verhoeffValid(base + digits[12]);
}

/**
 * German tax identification number (IdNr): 11 digits, no leading zero; in the first ten, one digit
 * appears twice or three times and some digit not at all; the last is ISO 7064 MOD 11,10.
 */
export function validGermanTaxId(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Map<string, number>();
  for (const d of digits.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const repeated = [...counts.values()].filter((count) => count > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  return mod11x10CheckDigit(digits.slice(0, 10)) === Number(digits[10]);
}

const idCardValue = (char: string) => (char >= "0" && char <= "9" ? Number(char) : char.charCodeAt(0) - 55);

/** German identity card (Personalausweis) serial: 9 characters + a 7-3-1 weighted check digit (ICAO 9303). */
export function validGermanIdCard(value: string): boolean {
  if (!/^[CFGHJKLMNPRTVWXYZ0-9]{9}\d$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += idCardValue(value[i]!) * [7, 3, 1][i % 3]!;
  return sum % 10 === Number(value[9]);
}

/** French NIR (numéro de sécurité sociale): 13 characters + a key = 97 − (number mod 97); Corsica 2A/2B. */
export function validFrenchNir(value: string): boolean {
  if (!/^[1-478]\d{2}(?:0[1-9]|1[0-2]|[2-9]\d)(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(value)) return false;
  let body = value.slice(0, 13);
  let corsicaShift = 0;
  if (body.slice(5, 7) === "2A") {
    body = `${body.slice(0, 5)}19${body.slice(7)}`;
    corsicaShift = 1000000;
  } else if (body.slice(5, 7) === "2B") {
    body = `${body.slice(0, 5)}18${body.slice(7)}`;
    corsicaShift = 2000000;
  }
  const rest = (decimalMod(body, 97) - (corsicaShift % 97) + 97) % 97;
  return 97 - rest === Number(value.slice(13));
}

/** Belgian national register number: YYMMDD + 3 digits + 97 − (first 9 mod 97), "2" prefixed from 2000. */
export function validBelgianNationalNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const month = Number(digits.slice(2, 4));
  const day = Number(digits.slice(4, 6));
  // Month and day may be 0 (unknown) or shifted for bis numbers; only rule out impossible values.
  if (month > 52 || day > 31) return false;
  const check = Number(digits.slice(9));
  const base = digits.slice(0, 9);
  return 97 - decimalMod(base, 97) === check || 97 - decimalMod(`2${base}`, 97) === check;
}

/** Dutch BSN: 9 digits passing the "11-proof" (weights 9…2, the last −1). */
export function validDutchBsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === "000000000") return false;
  const sum = weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2]) - Number(digits[8]);
  return sum % 11 === 0;
}

/** UK National Insurance number: two prefix letters (some never issued), six digits, A–D. */
export function validUkNino(compact: string): boolean {
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact)) return false;
  return !["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].includes(compact.slice(0, 2));
}

/** US Social Security number: area not 000, 666 or 900–999; group not 00; serial not 0000. */
export function validUsSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  return (
    area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000"
  );
}

/** UK NHS number: 10 digits, weights 10…2, check = 11 − (sum mod 11), 10 never issued. */
export function validNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  const rest = weightedSum(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2]) % 11;
  const check = rest === 0 ? 0 : 11 - rest;
  return check !== 10 && check === Number(digits[9]);
}

/** German health insurance number (KVNR): a letter and 9 digits; the letter as 01–26, weights 1,2, digit sums. */
export function validGermanHealthInsuranceNumber(value: string): boolean {
  if (!/^[A-Z]\d{9}$/.test(value)) return false;
  const number = `${String(value.charCodeAt(0) - 64).padStart(2, "0")}${value.slice(1, 9)}`;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    const product = (number.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 10) + (product % 10);
  }
  return sum % 10 === Number(value[9]);
}

/** US ABA routing number: 9 digits, weights 3-7-1, sum divisible by 10. */
export function validAbaRoutingNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  return weightedSum(digits, [3, 7, 1, 3, 7, 1, 3, 7, 1]) % 10 === 0;
}
