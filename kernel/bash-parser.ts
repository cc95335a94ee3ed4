/**
 * Parses a bash command line into just-bash's AST, in Node and in workerd alike.
 *
 * just-bash exports `parse` only from its Node build, which cannot load in a Worker bundle
 * (it calls createRequire(import.meta.url)). Its browser build runs everywhere and exposes the
 * same parser through `Bash#transform`, which returns the AST of the script unchanged when no
 * transform plugin is registered: same parser, same tree (checked against `parse` when chosen;
 * see docs/decisions/bash-parser-in-workerd.md).
 */

import type { ScriptNode } from "just-bash";
import { Bash, InMemoryFs } from "just-bash/browser";

let parser: Bash | undefined;

/** @throws just-bash's ParseException when the text is not valid bash. */
export function parseBash(text: string): ScriptNode {
  parser ??= new Bash({ fs: new InMemoryFs() });
  return parser.transform(text).ast;
}
