/**
 * Entropy checks: a secret nobody wrote a rule for still looks random. Shannon entropy over the
 * characters of a token (bits per character) separates keys from words, ids and versions.
 * Hex-only strings (commit ids, checksums, digests) are common in chat and never reported on
 * entropy alone; they count only when assigned to a secret-looking name (generic-rules.ts).
 */

export function shannonEntropy(value: string): number {
  // Tokens are ASCII: counted in a reused array instead of a Map (the scan's costliest step). The
  // terms are added in order of first occurrence, as the Map version does, so the sum is the same
  // to the last bit.
  const firstSeen = asciiFirstSeen;
  let distinct = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 128) {
      asciiCounts.fill(0);
      return shannonEntropyOfAnyText(value);
    }
    if (asciiCounts[code] === 0) firstSeen[distinct++] = code;
    asciiCounts[code]!++;
  }
  let entropy = 0;
  for (let k = 0; k < distinct; k++) {
    const code = firstSeen[k]!;
    const p = asciiCounts[code]! / value.length;
    asciiCounts[code] = 0;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const asciiCounts = new Int32Array(128);
const asciiFirstSeen = new Uint8Array(128);

function shannonEntropyOfAnyText(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** A value assigned to `password=` etc. must look at least this random (pronounceable words score lower). */
export function looksRandom(value: string): boolean {
  if (value.length < 12) return false;
  // Placeholders in how-tos and templates: "your-api-key-here", "xxxxxxxx", "<token>".
  if (/your|here|example|changeme|xxxx|placeholder|redacted|dummy|\*{4}/i.test(value)) return false;
  // Keys mix letters and digits; words joined by dashes or underscores do not.
  if (!/\d/.test(value) || !/[A-Za-z]/.test(value)) return false;
  return shannonEntropy(value) >= 3.2;
}

export interface EntropyFinding {
  start: number;
  end: number;
}

/**
 * Tokens of 32+ characters mixing upper case, lower case and digits, with entropy ≥ 4.3 bits per
 * character. The threshold was set on the development data; a 40-character base64 key is about 5.
 */
export function findHighEntropyTokens(text: string): EntropyFinding[] {
  const found: EntropyFinding[] = [];
  // A hand-written scan for runs of token characters: a regex with look-arounds at every position
  // cost a third of the whole secret scan on ordinary messages, and `{32,}` rescans every word.
  let runStart = -1;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && tokenCharacters[text.charCodeAt(i)] === 1) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart < 0) continue;
    let end = i;
    while (end < text.length && text[end] === "=" && end - i < 2) end++;
    const start = runStart;
    runStart = -1;
    if (end - start < 32 || end - start > 202) continue;
    // Part of a dotted or @-joined token (a JWT part, an email): not a standalone key.
    const before = start > 0 ? text[start - 1] : "";
    if (before === "." || before === "=" || text[end] === ".") continue;
    const token = text.slice(start, end);
    if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) continue;
    // Paths and URLs (a/b/c) are not keys even when long.
    if ((token.match(/\//g) ?? []).length > 2) continue;
    if (shannonEntropy(token) < 4.3) continue;
    found.push({ start, end });
  }
  return found;
}

/**
 * Characters of a key token, by UTF-16 code: base64 and base64url. A dot ends a token
 * (ids.like.this are not keys). A table read is cheaper than the comparisons it replaces.
 */
const tokenCharacters = new Uint8Array(65536);
for (const char of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-")
  tokenCharacters[char.charCodeAt(0)] = 1;
