/**
 * Glob patterns compiled once to regular expressions. Policies are matched millions of times
 * and written rarely, so the work happens at compile time.
 */

const regexSpecial = /[.+^${}()|[\]\\]/;

/**
 * Compiles a glob. In "path" mode `*` and `?` stay inside one segment and `**` crosses
 * segments (`/a/**` also matches `/a` itself), `{a,b}` is either; in "text" mode `*` matches anything, which is
 * what argument-line patterns such as `log *` want.
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
    } else if (char === "?") {
      source += mode === "path" ? "[^/]" : ".";
    } else {
      source += regexSpecial.test(char) ? `\\${char}` : char;
    }
  }
  return source;
}

/** True when any of the compiled globs matches. */
export function matchesAny(globs: readonly RegExp[], value: string): boolean {
  for (const glob of globs) if (glob.test(value)) return true;
  return false;
}
