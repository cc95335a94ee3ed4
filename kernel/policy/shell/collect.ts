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

/** Leaf word parts: nothing inside them can run a command, so the walk stops there. */
const leafTypes = new Set(["Literal", "SingleQuoted", "Escaped", "Glob", "TildeExpansion"]);

/** One walk over one script (a class rather than closures: this runs on every shell decision). */
class ScriptCollector {
  readonly analysis: ShellScriptAnalysis = {
    invocations: [],
    compoundRedirects: [],
    functions: new Set(),
    problems: [],
  };
  /** Computed on the first loop only: most commands have none, and the search walks the whole tree. */
  private trustworthy: Set<string> | undefined;
  private variables: KnownVariables = new Map();

  constructor(private readonly script: ScriptNode) {}

  visit(value: unknown, nesting: number): void {
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, nesting);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (!isNodeObject(value)) {
      // Some containers carry no type (an if's clauses): search them all the same.
      for (const child of Object.values(value)) this.visit(child, nesting);
      return;
    }
    if (leafTypes.has(value.type)) return;
    const { analysis } = this;
    if (value.type !== "SimpleCommand" && Array.isArray(value.redirections)) {
      for (const redirection of value.redirections as RedirectionNode[]) {
        analysis.compoundRedirects.push(toRedirect(redirection, this.variables));
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
        analysis.invocations.push(toInvocation(node, this.variables));
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
        this.visit(value.body, nesting + 1);
        return;
      case "For":
        if (this.visitTrustedLoop(value, nesting)) return;
        break;
      case "FunctionDef":
        analysis.functions.add(String(value.name));
        break;
      case "ArithCommandSubst":
        // $(…) inside $((…)) is kept as text by the parser: parse it and look inside too.
        this.visitNestedText(String(value.command), nesting);
        return;
    }
    for (const key in value) {
      const child = value[key];
      if (typeof child === "object" && child !== null) this.visit(child, nesting);
    }
  }

  /** A loop whose variable nothing else assigns: its body sees the variable as the loop's words. */
  private visitTrustedLoop(loop: Record<string, unknown>, nesting: number): boolean {
    const words = loop.words as WordNode[] | null;
    const name = String(loop.variable);
    this.trustworthy ??= trustworthyLoopVariables(this.script);
    if (words === null || !this.trustworthy.has(name)) return false;
    this.visit(words, nesting);
    this.visit(loop.redirections, nesting);
    const outer = this.variables;
    this.variables = new Map([...outer, [name, words.flatMap((word) => wordValues(word, outer))]]);
    this.visit(loop.body, nesting);
    this.variables = outer;
    return true;
  }

  private visitNestedText(text: string, nesting: number): void {
    if (nesting >= MAX_NESTING) {
      this.analysis.problems.push("substitutions nested too deeply to analyse");
      return;
    }
    try {
      this.visit(parseScript(text), nesting + 1);
    } catch (error) {
      this.analysis.problems.push(`cannot parse ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
}

/** Collects what a parsed script will run. Throws nothing: problems are reported in the result. */
export function collectScript(script: ScriptNode, depth = 0): ShellScriptAnalysis {
  const collector = new ScriptCollector(script);
  collector.visit(script, depth);
  return collector.analysis;
}
