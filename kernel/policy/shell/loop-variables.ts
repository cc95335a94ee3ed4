/**
 * Which loop variables have values the analyser can know. In
 * `for f in src/*.ts; do wc -l "$f"; done` the body only ever sees `$f` as one of the loop's
 * words — provided nothing else in the script can assign `f` (another loop, `f=…`, `read f`,
 * `declare`, `printf -v`, `${f:=…}`, `((f=…))`, or an `eval`/`source` that could do any of
 * these). This finds the names that stay trustworthy; all other variables remain unknown.
 */
import type { ScriptNode } from "./ast";

const assigningBuiltins = new Set([
  "read",
  "mapfile",
  "readarray",
  "declare",
  "typeset",
  "local",
  "export",
  "readonly",
  "printf",
  "let",
  "unset",
  "getopts",
]);
/** Commands after which any variable may hold anything. */
const opaqueCommands = new Set(["eval", "source", ".", "trap", "alias", "bind", "enable"]);

type NodeObject = { type: string } & Record<string, unknown>;

function isNodeObject(value: unknown): value is NodeObject {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

function literalName(word: unknown): string | undefined {
  if (!isNodeObject(word) || !Array.isArray(word.parts) || word.parts.length !== 1) return undefined;
  const part = word.parts[0] as NodeObject;
  return part.type === "Literal" ? String(part.value) : undefined;
}

/** Names of `for` variables whose values are exactly the loop's words inside its body. */
export function trustworthyLoopVariables(script: ScriptNode): Set<string> {
  const loops = new Map<string, number>();
  const assigned = new Set<string>();
  let opaque = false;
  const visit = (value: unknown): void => {
    if (opaque) return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (!isNodeObject(value)) {
      // Some containers carry no type (an if's clauses): search them all the same.
      for (const child of Object.values(value)) visit(child);
      return;
    }
    switch (value.type) {
      case "For":
        loops.set(String(value.variable), (loops.get(String(value.variable)) ?? 0) + 1);
        if (value.words === null) assigned.add(String(value.variable));
        break;
      case "CStyleFor":
      case "ArithCommandSubst":
      case "ArithDynamicAssignment":
        // Arithmetic text can assign any name; rare in agent commands, so trust nothing.
        opaque = true;
        return;
      case "Assignment":
        assigned.add(String(value.name));
        break;
      case "ArithAssignment":
        assigned.add(String(value.variable));
        break;
      case "ParameterExpansion": {
        const operation = value.operation as NodeObject | null;
        if (operation?.type === "AssignDefault") assigned.add(String(value.parameter));
        if (operation?.type === "Indirection") opaque = true;
        break;
      }
      case "SimpleCommand": {
        if (value.name === null) break;
        const name = literalName(value.name);
        if (name === undefined || opaqueCommands.has(name)) opaque = true;
        else if (assigningBuiltins.has(name)) {
          for (const arg of value.args as unknown[]) {
            const text = literalName(arg);
            if (text === undefined || /^-[a-zA-Z]*n/.test(text)) opaque = true;
            const assignedName = text === undefined ? undefined : /^[A-Za-z_][A-Za-z0-9_]*/.exec(text)?.[0];
            if (assignedName) assigned.add(assignedName);
          }
        }
        break;
      }
    }
    for (const key in value) {
      const child = value[key];
      if (typeof child === "object" && child !== null) visit(child);
    }
  };
  visit(script);
  if (opaque) return new Set();
  return new Set([...loops].flatMap(([name, count]) => (count === 1 && !assigned.has(name) ? [name] : [])));
}
