/**
 * Path normalisation before any filesystem rule is matched. The attacker controls the path
 * string; the policy author writes clean absolute globs. Everything that the shell, a URL
 * decoder or a Unicode-folding filesystem could turn into a separator or a dot segment is
 * folded here first, so `/workspace/../etc`, `/workspace//x/`, `%2e%2e%2f` and `／etc` all
 * meet the rules in their plain form.
 */

/** Characters that render as, or are folded by some layer into, a path separator. */
const separatorLookalikes = /[\\\u2215\u2044\u29f8\uff0f\u2216\ufe68\uff3c]/g;
const percentEscape = /%[0-9a-fA-F]{2}/;

/** NUL, newlines and other control characters: no legitimate file name the agent needs has them. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export type NormalizedPath = { ok: true; path: string } | { ok: false; reason: string };

/** Resolves `.` / `..` / repeated and trailing slashes against `cwd`; never climbs above `/`. */
export function resolvePath(raw: string, cwd: string): string {
  const absolute = raw.startsWith("/") ? raw : `${cwd}/${raw}`;
  const segments: string[] = [];
  for (const segment of absolute.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return `/${segments.join("/")}`;
}

/** Decodes percent escapes repeatedly (double encoding is a classic bypass), then folds Unicode. */
function decodePath(raw: string): string | undefined {
  // Plain ASCII without escapes decodes and folds to itself: skip the work on the common path.
  if (/^[\x20-\x24\x26-\x5b\x5d-\x7e]*$/.test(raw)) return raw;
  let decoded = raw;
  for (let round = 0; round < 4 && percentEscape.test(decoded); round++) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      return undefined;
    }
  }
  return decoded.normalize("NFKC").replace(separatorLookalikes, "/");
}

/**
 * Every form the path could take once some layer decodes it: the literal form and, when
 * it differs, the decoded form. Rules must accept all of them (the caller takes the strictest).
 *
 * @example normalizePathVariants("notes/%2e%2e/../x", "/workspace") // paths: ["/workspace/notes/x", "/x"]
 */
export function normalizePathVariants(
  raw: string,
  cwd: string,
): { ok: true; paths: string[] } | { ok: false; reason: string } {
  if (raw.length === 0) return { ok: false, reason: "empty path" };
  if (hasControlCharacter(raw)) return { ok: false, reason: "path contains control characters" };
  const literal = resolvePath(raw, cwd);
  const decoded = decodePath(raw);
  if (decoded === undefined) return { ok: false, reason: "path has malformed percent-encoding" };
  if (hasControlCharacter(decoded)) return { ok: false, reason: "path decodes to control characters" };
  const folded = resolvePath(decoded, cwd);
  return { ok: true, paths: folded === literal ? [literal] : [literal, folded] };
}
