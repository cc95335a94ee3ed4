/**
 * The secret scanner: provider rules, then generic rules (connection strings, headers, assignments),
 * then the entropy check, then exact matches of the configured secrets. Where findings overlap, a
 * configured secret wins (it is certain), then a provider rule, then the generic ones.
 */
import { findHighEntropyTokens, looksRandom } from "./entropy";
import { genericRules } from "./generic-rules";
import { knownSecretFinder } from "./known-secrets";
import { createLiteralFinder } from "./literal-index";
import { providerRules, type SecretRule } from "./provider-rules";

export interface SecretFinding {
  /** The rule's id, "high-entropy", or "configured-secret". */
  rule: string;
  start: number;
  end: number;
  text: string;
}

export interface SecretScannerOptions {
  /** Values of Cairn's configured secrets, matched exactly. */
  knownSecrets?: readonly string[];
  /** Turn the entropy check off (for texts full of hashes, such as lockfiles). */
  entropy?: boolean;
}

interface Ranked extends SecretFinding {
  rank: number;
}

/**
 * Which keywords occur, in one pass over the text (literal-index.ts): one `includes` per keyword
 * (≈130 of them) took most of the scan time on ordinary messages.
 */
function keywordFinder(rules: readonly SecretRule[]): (text: string) => Set<string> {
  const find = createLiteralFinder(
    rules.flatMap((rule) => rule.keywords),
    { caseInsensitive: true },
  );
  return (text) => new Set(find(text).map((hit) => hit.literal));
}

const allRules = [...providerRules, ...genericRules];
const findKeywords = keywordFinder(allRules);

function runRules(
  text: string,
  present: Set<string>,
  rules: readonly SecretRule[],
  rank: number,
  out: Ranked[],
) {
  for (const rule of rules) {
    if (rule.keywords.length > 0 && !rule.keywords.some((keyword) => present.has(keyword))) continue;
    rule.pattern.lastIndex = 0;
    for (const match of text.matchAll(rule.pattern)) {
      let start = match.index;
      let end = start + match[0].length;
      if (rule.group !== undefined) {
        const span = match.indices?.[rule.group];
        if (!span) continue;
        [start, end] = span;
        // Generic rules only report values that look random: "password: changeme" is an example.
        if (rank < 3 && !looksRandom(text.slice(start, end))) continue;
      }
      out.push({ rule: rule.id, start, end, text: text.slice(start, end), rank });
    }
  }
}

/**
 * Builds a scanner; reuse it for many texts (the configured secrets are prepared once).
 *
 * @example
 * const scan = createSecretScanner({ knownSecrets: [env.CAIRN_ENCRYPTION_KEY] });
 * scan("token ghp_…") // → [{ rule: "github-pat", start: 6, end: 46, text: "ghp_…" }]
 */
export function createSecretScanner(options: SecretScannerOptions = {}): (text: string) => SecretFinding[] {
  const findKnown = knownSecretFinder(options.knownSecrets ?? []);
  const entropy = options.entropy ?? true;
  return (text) => {
    const present = findKeywords(text);
    const ranked: Ranked[] = [];
    for (const known of findKnown(text)) {
      ranked.push({ rule: "configured-secret", ...known, text: text.slice(known.start, known.end), rank: 4 });
    }
    runRules(text, present, providerRules, 3, ranked);
    runRules(text, present, genericRules, 2, ranked);
    if (entropy) {
      for (const token of findHighEntropyTokens(text)) {
        ranked.push({ rule: "high-entropy", ...token, text: text.slice(token.start, token.end), rank: 1 });
      }
    }
    return resolve(ranked);
  };
}

function resolve(ranked: Ranked[]): SecretFinding[] {
  ranked.sort((a, b) => b.rank - a.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Ranked[] = [];
  for (const next of ranked) {
    if (kept.some((other) => next.start < other.end && other.start < next.end)) continue;
    kept.push(next);
  }
  return kept
    .sort((a, b) => a.start - b.start)
    .map(({ rule, start, end, text }) => ({ rule, start, end, text }));
}

/** One-off scan with the default options. */
export function scanForSecrets(text: string, options: SecretScannerOptions = {}): SecretFinding[] {
  return createSecretScanner(options)(text);
}

/**
 * Replaces each finding by a marker naming the rule, e.g. before tool output reaches the model.
 * The secret itself never appears in the result.
 */
export function maskSecrets(text: string, findings: readonly SecretFinding[]): string {
  let out = "";
  let cursor = 0;
  for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
    if (finding.start < cursor) continue;
    out += `${text.slice(cursor, finding.start)}[secret removed: ${finding.rule}]`;
    cursor = finding.end;
  }
  return out + text.slice(cursor);
}
