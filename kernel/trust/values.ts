/**
 * How a consequential argument's value is recognised in a piece of text: normalised so that case,
 * spacing, a trailing slash or a thousands separator do not hide that the owner wrote it, and
 * strict enough that a value merely resembling it (a look-alike domain, a number inside an
 * invoice id, another path on the same host) does not count.
 */

export type ArgumentKind = "recipient" | "url" | "command" | "path" | "amount";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** The same, anchored and stateless: a global regex's `lastIndex` must not leak between calls. */
const ONE_EMAIL = /^[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`\\]+/gi;
const NUMBER =
  /(?<![\p{L}\p{N}_.\-/])\d{1,3}(?:[,'\u00a0\u202f]\d{3})+(?:\.\d+)?(?![\p{N}_])|(?<![\p{L}\p{N}_.\-/,])\d+(?:\.\d+)?(?![\p{N}_]|[.,]\d)/gu;
const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Lower-case, every run of whitespace one space, Unicode-folded (fullwidth letters). */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

export function normaliseEmail(value: string): string | undefined {
  const text = value
    .normalize("NFKC")
    .trim()
    .replace(/^mailto:/i, "")
    .toLowerCase();
  return ONE_EMAIL.test(text) ? text : undefined;
}

/** Host (lower-case, no `www.`), port unless the default, path without a trailing slash, sorted query. */
export function normaliseUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim().replace(/[.,;:!?)\]]+$/, ""));
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.replace(/^www\./, "");
  const port = url.port ? `:${url.port}` : "";
  let path = url.pathname.replace(/\/+$/, "");
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the encoded form
  }
  const params = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const query = params.length ? `?${params.map(([k, v]) => `${k}=${v}`).join("&")}` : "";
  return `${host}${port}${path.toLowerCase()}${query}`;
}

/** "4,900.00", "4900", "€ 4900" → 4900; undefined when it is not one number. */
export function parseAmount(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const text = value
    .trim()
    .replace(/^[^\d-]{0,4}/, "")
    .replace(/[^\d]{0,4}$/, "");
  if (!/^-?\d{1,3}(?:[,'\u00a0\u202f]\d{3})*(?:\.\d+)?$|^-?\d+(?:\.\d+)?$/.test(text)) return undefined;
  const number = Number(text.replace(/[,'\u00a0\u202f]/g, ""));
  return Number.isFinite(number) ? number : undefined;
}

export function looksLikeIban(value: string): boolean {
  return IBAN.test(value.replace(/\s+/g, "").toUpperCase());
}

/** What one piece of text offers for matching, computed once per item. */
export interface TextIndex {
  text: string;
  /** The text without any whitespace, upper-cased: IBANs and account numbers written in groups. */
  compact: string;
  emails: Set<string>;
  urls: Set<string>;
  amounts: Set<number>;
}

export function indexText(raw: string): TextIndex {
  const text = normaliseText(raw);
  const emails = new Set<string>();
  for (const match of text.matchAll(EMAIL)) emails.add(match[0].replace(/^mailto:/, ""));
  const urls = new Set<string>();
  for (const match of raw.normalize("NFKC").matchAll(URL_IN_TEXT)) {
    const url = normaliseUrl(match[0]);
    if (url) urls.add(url);
  }
  const amounts = new Set<number>();
  for (const match of raw.normalize("NFKC").matchAll(NUMBER)) {
    const amount = parseAmount(match[0]);
    if (amount !== undefined) amounts.add(amount);
  }
  return { text, compact: raw.normalize("NFKC").replace(/\s+/g, "").toUpperCase(), emails, urls, amounts };
}

/** `needle` occurs in `haystack` as a whole: not inside a longer word, number or path. */
export function containsPhrase(haystack: string, needle: string): boolean {
  if (needle === "") return false;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return false;
    const before = at === 0 ? "" : (haystack[at - 1] ?? "");
    const after = haystack[at + needle.length] ?? "";
    const startsClean = before === "" || !(WORD_CHAR.test(before) || before === "/" || before === ".");
    const endsClean = after === "" || !(WORD_CHAR.test(after) || after === "/" || after === "@");
    if (startsClean && endsClean) return true;
    from = at + 1;
  }
}

/** The normalised form a value is compared in, by kind; undefined when it cannot be read. */
export function normaliseValue(kind: ArgumentKind, value: string): string | undefined {
  switch (kind) {
    case "recipient":
      return normaliseEmail(value) ?? normaliseText(value);
    case "url":
      return normaliseUrl(value);
    case "amount": {
      const amount = parseAmount(value);
      return amount === undefined ? undefined : String(amount);
    }
    case "path":
      return normaliseText(value.replace(/^\/workspace\//, "").replace(/^\.\//, ""));
    case "command":
      return normaliseText(value);
  }
}

/** Whether a text holds the value, compared as its kind is. */
export function textHolds(index: TextIndex, kind: ArgumentKind, value: string): boolean {
  const normal = normaliseValue(kind, value);
  if (normal === undefined || normal === "") return false;
  switch (kind) {
    case "recipient": {
      if (normaliseEmail(value)) return index.emails.has(normal);
      // Grouped as "GB33 BUKB 2020 …" or not: compared without spaces, so only as a substring.
      if (looksLikeIban(value)) return index.compact.includes(value.replace(/\s+/g, "").toUpperCase());
      return containsPhrase(index.text, normal);
    }
    case "url":
      return index.urls.has(normal);
    case "amount":
      return index.amounts.has(Number(normal));
    case "path":
    case "command":
      return containsPhrase(index.text, normal);
  }
}
