/**
 * Walks a just-bash AST and collects everything that will run or touch a file: every simple
 * command (wherever it sits — pipelines, lists, subshells, loops, function bodies, command
 * and process substitutions, here-doc bodies, parameter defaults), every redirection, and
 * every function name. The walk is generic over node objects on purpose: a construct the
 * analyser has no special case for is still searched for the commands inside it.
 */
import { parseBash as parse } from "../../bash-parser.js";
import type { AssignmentNode, RedirectionNode, ScriptNode, SimpleCommandNode, WordNode } from "./ast.js";
import { trustworthyLoopVariables } from "./loop-variables.js";
import { type ArgValue, type KnownVariables, wordValues } from "./words.js";

export interface Redirect {
  operator: RedirectionNode["operator"];
  fd: number | null;
  /** Undefined for here-docs and here-strings, which read no file. */
  targets: ArgValue[] | undefined;
}

export interface Invocation {
  /** argv with brace expansion applied; argv[0] is the command name. */
  argv: ArgValue[];
  assignments: { name: string; values: ArgValue[] }[];
  redirects: Redirect[];
  line: number | undefined;
}

export interface ShellScriptAnalysis {
  invocations: Invocation[];
  /** Redirections attached to compound commands: `{ …; } > file`, `while …; done < in`. */
  compoundRedirects: Redirect[];
  functions: Set<string>;
  /** Reasons the script cannot be analysed (syntax errors deferred by the parser, …). */
  problems: string[];
}

/** Nesting limit for substitutions parsed from strings ($((…$(…)…)), sh -c "sh -c …"). */
export const MAX_NESTING = 8;

export function parseScript(text: string): ScriptNode {
  return parse(text);
}

function toRedirect(node: RedirectionNode, variables: KnownVariables): Redirect {
  const target = node.target;
  return {
    operator: node.operator,
    fd: node.fd,
    targets: target.type === "HereDoc" || node.operator === "<<<" ? undefined : wordValues(target, variables),
  };
}

function toAssignment(node: AssignmentNode, variables: KnownVariables): { name: string; values: ArgValue[] } {
  if (node.array)
    return { name: node.name, values: node.array.flatMap((word) => wordValues(word, variables)) };
  return {
    name: node.name,
    values: node.value ? wordValues(node.value, variables) : [{ kind: "static", value: "" }],
  };
}

function toInvocation(node: SimpleCommandNode, variables: KnownVariables): Invocation {
  const words = node.name ? [node.name, ...node.args] : [];
  return {
    argv: words.flatMap((word) => wordValues(word, variables)),
    assignments: node.assignments.map((assignment) => toAssignment(assignment, variables)),
    redirects: node.redirections.map((redirection) => toRedirect(redirection, variables)),
    line: node.line,
  };
}

function isNodeObject(value: unknown): value is { type: string } & Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

/** Collects what a parsed script will run. Throws nothing: problems are reported in the result. */
export function collectScript(script: ScriptNode, depth = 0): ShellScriptAnalysis {
  const analysis: ShellScriptAnalysis = {
    invocations: [],
    compoundRedirects: [],
    functions: new Set(),
    problems: [],
  };
  // Computed on the first loop only: most commands have none, and the search walks the whole tree.
  let trustworthy: Set<string> | undefined;
  let variables: KnownVariables = new Map();
  const visit = (value: unknown, nesting: number): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, nesting);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (!isNodeObject(value)) {
      // Some containers carry no type (an if's clauses): search them all the same.
      for (const child of Object.values(value)) visit(child, nesting);
      return;
    }
    if (value.type !== "SimpleCommand" && Array.isArray(value.redirections)) {
      for (const redirection of value.redirections as RedirectionNode[]) {
        analysis.compoundRedirects.push(toRedirect(redirection, variables));
      }
    }
    switch (value.type) {
      case "Statement": {
        const deferred = value.deferredError as { message: string } | undefined;
        if (deferred) analysis.problems.push(`syntax error: ${deferred.message}`);
        break;
      }
      case "SimpleCommand": {
        const node = value as unknown as SimpleCommandNode;
        // `ls &&` or `ls |` at the end: bash refuses the script; the parser leaves an empty command.
        if (!node.name && node.assignments.length === 0 && node.redirections.length === 0) {
          analysis.problems.push("an incomplete command (nothing after an operator)");
        }
        analysis.invocations.push(toInvocation(node, variables));
        break;
      }
      case "HereDoc":
        if (value.terminated === false)
          analysis.problems.push("a here-document without its closing delimiter");
        break;
      case "CommandSubstitution":
      case "ProcessSubstitution":
        if (nesting >= MAX_NESTING) {
          analysis.problems.push("substitutions nested too deeply to analyse");
          return;
        }
        visit(value.body, nesting + 1);
        return;
      case "For": {
        const words = value.words as WordNode[] | null;
        const name = String(value.variable);
        trustworthy ??= trustworthyLoopVariables(script);
        if (words === null || !trustworthy.has(name)) break;
        visit(words, nesting);
        visit(value.redirections, nesting);
        // Inside the body the variable is one of the loop's words, evaluated outside it.
        const outer = variables;
        variables = new Map([...outer, [name, words.flatMap((word) => wordValues(word, outer))]]);
        visit(value.body, nesting);
        variables = outer;
        return;
      }
      case "FunctionDef":
        analysis.functions.add(String(value.name));
        break;
      case "ArithCommandSubst":
        // $(…) inside $((…)) is kept as text by the parser: parse it and look inside too.
        visitNestedText(String(value.command), nesting);
        return;
    }
    for (const key in value) {
      const child = value[key];
      if (typeof child === "object" && child !== null) visit(child, nesting);
    }
  };
  const visitNestedText = (text: string, nesting: number): void => {
    if (nesting >= MAX_NESTING) {
      analysis.problems.push("substitutions nested too deeply to analyse");
      return;
    }
    try {
      visit(parseScript(text), nesting + 1);
    } catch (error) {
      analysis.problems.push(`cannot parse ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  };
  visit(script, depth);
  return analysis;
}
