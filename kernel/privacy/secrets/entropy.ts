/**
 * Entropy checks: a secret nobody wrote a rule for still looks random. Shannon entropy over the
 * characters of a token (bits per character) separates keys from words, ids and versions.
 * Hex-only strings (commit ids, checksums, digests) are common in chat and never reported on
 * entropy alone; they count only when assigned to a secret-looking name (generic-rules.ts).
 */

export function shannonEntropy(value: string): number {
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

/** Long mixed-case tokens with digits: the shape of most API keys. */
const candidateToken = /(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_-]{32,200}={0,2}(?![A-Za-z0-9+/_=-])/g;

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
  for (const match of text.matchAll(candidateToken)) {
    const token = match[0];
    if (!/[a-z]/.test(token) || !/[A-Z]/.test(token) || !/\d/.test(token)) continue;
    // Paths and URLs (a/b/c) are not keys even when long.
    if ((token.match(/\//g) ?? []).length > 2) continue;
    if (shannonEntropy(token) < 4.3) continue;
    found.push({ start: match.index, end: match.index + token.length });
  }
  return found;
}
