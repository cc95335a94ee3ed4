/**
 * Glob patterns compiled once to regular expressions. Policies are matched millions of times
 * and written rarely, so the work happens at compile time.
 */

const regexSpecial = /[.+^${}()|[\]\\]/;

/**
 * Compiles a glob. In "path" mode `*` and `?` stay inside one segment and `**` crosses
 * segments (`/a/**` also matches `/a` itself), `{a,b}` is either, `[0-9]` is one character of a
 * set; in "text" mode `*` matches anything, which is what argument-line patterns such as `log *`
 * want.
 *
 * @example compileGlob("/workspace/**", "path").test("/workspace/notes.txt") // true
 */
export function compileGlob(pattern: string, mode: "path" | "text"): RegExp {
  return new RegExp(`^${globSource(pattern, mode)}$`, "s");
}

function globSource(pattern: string, mode: "path" | "text"): string {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === "*") {
      const double = pattern[i + 1] === "*";
      if (mode === "path" && double) {
        const before = pattern[i - 1];
        const after = pattern[i + 2];
        i++;
        if (before === "/" && after === undefined) {
          // "/dir/**": the directory itself or anything below it.
          source = `${source.slice(0, -1)}(?:/.*)?`;
        } else if (after === "/" && (before === undefined || before === "/")) {
          // "**/x" or "/a/**/x": zero or more whole segments.
          source += "(?:.*/)?";
          i++;
        } else {
          source += ".*";
        }
      } else {
        if (double) i++;
        source += mode === "path" && !double ? "[^/]*" : ".*";
      }
    } else if (char === "{" && pattern.indexOf("}", i) > i) {
      // "{a,b}" alternation (one level), as in shell brace expansion.
      const close = pattern.indexOf("}", i);
      const alternatives = pattern.slice(i + 1, close).split(",");
      source += `(?:${alternatives.map((alternative) => globSource(alternative, mode)).join("|")})`;
      i = close;
    } else if (char === "[" && characterClass(pattern, i)) {
      // "[0-9]", "[ch]", "[!.]": one character of (or, negated, not of) a set; in path mode a
      // negated set never matches "/", as `*` and `?` never do.
      const set = characterClass(pattern, i) as { negated: boolean; body: string; end: number };
      source += `[${set.negated ? "^" : ""}${set.body}${set.negated && mode === "path" ? "/" : ""}]`;
      i = set.end;
    } else if (char === "?") {
      source += mode === "path" ? "[^/]" : ".";
    } else {
      source += regexSpecial.test(char) ? `\\${char}` : char;
    }
  }
  return source;
}

/**
 * A bracket expression at `start`, when it is a simple one: letters, digits, `.`, `_`, `-`
 * ranges, optionally negated with a leading `!` or `^`. Anything else (`[` alone, the test
 * builtin's name, POSIX classes) stays a literal `[`.
 */
function characterClass(pattern: string, start: number) {
  const close = pattern.indexOf("]", start + 2);
  if (close === -1) return undefined;
  let body = pattern.slice(start + 1, close);
  const negated = body.startsWith("!") || body.startsWith("^");
  if (negated) body = body.slice(1);
  if (!/^[A-Za-z0-9._]([A-Za-z0-9._-]*[A-Za-z0-9._])?$/.test(body)) return undefined;
  return {
    negated,
    body: body.replace(/-/g, (dash, at: number) => (isRange(body, at) ? dash : "\\-")),
    end: close,
  };
}

/** A dash between two characters of the same kind (0-9, a-z, A-Z) is a range; else a literal. */
function isRange(body: string, at: number): boolean {
  const from = body[at - 1] ?? "";
  const to = body[at + 1] ?? "";
  const kind = (c: string) =>
    /[0-9]/.test(c) ? "digit" : /[a-z]/.test(c) ? "lower" : /[A-Z]/.test(c) ? "upper" : "";
  return kind(from) !== "" && kind(from) === kind(to) && from <= to;
}

/** True when any of the compiled globs matches. */
export function matchesAny(globs: readonly RegExp[], value: string): boolean {
  for (const glob of globs) if (glob.test(value)) return true;
  return false;
}
