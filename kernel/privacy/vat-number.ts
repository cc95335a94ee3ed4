/**
 * EU and UK VAT identification numbers: the country prefix and its format, with the national check
 * digits verified for DE, FR, LU, BE, NL and GB. Other countries are accepted on format alone,
 * which is specific enough with the prefix (ATU12345678, ESX1234567X).
 */
import { decimalMod, mod11x10CheckDigit, weightedSum } from "./checksums";
import { Confidence, candidate, type PiiCandidate } from "./types";

const formats: Record<string, RegExp> = {
  AT: /^U\d{8}$/,
  BE: /^[01]\d{9}$/,
  BG: /^\d{9,10}$/,
  CY: /^\d{8}[A-Z]$/,
  CZ: /^\d{8,10}$/,
  DE: /^\d{9}$/,
  DK: /^\d{8}$/,
  EE: /^\d{9}$/,
  EL: /^\d{9}$/,
  ES: /^[A-Z0-9]\d{7}[A-Z0-9]$/,
  FI: /^\d{8}$/,
  FR: /^[0-9A-HJ-NP-Z]{2}\d{9}$/,
  GB: /^(?:\d{9}|\d{12}|GD\d{3}|HA\d{3})$/,
  HR: /^\d{11}$/,
  HU: /^\d{8}$/,
  IE: /^\d{7}[A-W][A-IW]?$|^\d[A-Z+*]\d{5}[A-W]$/,
  IT: /^\d{11}$/,
  LT: /^(?:\d{9}|\d{12})$/,
  LU: /^\d{8}$/,
  LV: /^\d{11}$/,
  MT: /^\d{8}$/,
  NL: /^\d{9}B\d{2}$/,
  PL: /^\d{10}$/,
  PT: /^\d{9}$/,
  RO: /^\d{2,10}$/,
  SE: /^\d{12}$/,
  SI: /^\d{8}$/,
  SK: /^\d{10}$/,
  CHE: /^\d{9}$/,
};

const checks: Record<string, (body: string) => boolean> = {
  DE: (body) => mod11x10CheckDigit(body.slice(0, 8)) === Number(body[8]),
  FR: (body) =>
    !/^\d{2}$/.test(body.slice(0, 2)) ||
    Number(body.slice(0, 2)) === (12 + 3 * decimalMod(body.slice(2), 97)) % 97,
  LU: (body) => decimalMod(body.slice(0, 6), 89) === Number(body.slice(6)),
  BE: (body) => 97 - decimalMod(body.slice(0, 8), 97) === Number(body.slice(8)),
  NL: (body) => {
    const digits = body.slice(0, 9);
    const elevenProof = (weightedSum(digits, [9, 8, 7, 6, 5, 4, 3, 2]) - Number(digits[8])) % 11 === 0;
    // Since 2020 sole traders get a number checked mod 97 over "NL" + the number instead.
    const mod97 = decimalMod(`2321${body.replace("B", "11")}`, 97) === 1;
    return elevenProof || mod97;
  },
  GB: (body) => {
    if (!/^\d{9}/.test(body)) return true;
    const sum = weightedSum(body, [8, 7, 6, 5, 4, 3, 2]) + Number(body.slice(7, 9));
    return sum % 97 === 0 || (sum + 55) % 97 === 0;
  },
};

const vatShape =
  /(?<![\w-])(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|CHE)[ -]?((?:[0-9A-Z+*][ .]?){5,13}[0-9A-Z])(?![\w-])/g;

export function findVatNumbers(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  for (const match of text.matchAll(vatShape)) {
    const country = match[1]!;
    const body = match[2]!.replace(/[ .]/g, "");
    if (!formats[country]!.test(body)) continue;
    // Bare digits after a country code need at least one digit-letter mix or a check to be a VAT id.
    const check = checks[country];
    if (check && !check(body)) continue;
    found.push(
      candidate(
        "VAT_NUMBER",
        text,
        match.index,
        match.index + match[0].length,
        check ? Confidence.proven : Confidence.strong,
      ),
    );
  }
  return found;
}
