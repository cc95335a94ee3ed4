/**
 * Walks a just-bash AST and collects everything that will run or touch a file: every simple
 * command (wherever it sits — pipelines, lists, subshells, loops, function bodies, command
 * and process substitutions, here-doc bodies, parameter defaults), every redirection, and
 * every function name. The walk is generic over node objects on purpose: a construct the
 * analyser has no special case for is still searched for the commands inside it.
 */
import { parseBash as parse } from "../../bash-parser";
import type { AssignmentNode, RedirectionNode, ScriptNode, SimpleCommandNode, WordNode } from "./ast";
import { trustworthyLoopVariables } from "./loop-variables";
import { type ArgValue, type KnownVariables, wordValues } from "./words";

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
  /** The statement lists (scopes) this command sits in, outermost first. */
  scopes: readonly number[];
}

/** A function definition that certainly runs before the commands after it in its list. */
export interface FunctionDefinition {
  /** The statement list it is a plain statement of. */
  scope: number;
  /** Index of the first invocation after the definition. */
  firstInvocationAfter: number;
}

export interface ShellScriptAnalysis {
  invocations: Invocation[];
  /** Redirections attached to compound commands: `{ …; } > file`, `while …; done < in`. */
  compoundRedirects: Redirect[];
  /**
   * Function definitions that are plain statements of a statement list: they run before the
   * statements after them in that list. A call trusts one only from inside that list, after it;
   * elsewhere (before it, after the list ended, from a subshell the definition lives in) the
   * name may run a program of that name instead, and is judged as one.
   */
  functions: Map<string, FunctionDefinition[]>;
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

function toInvocation(
  node: SimpleCommandNode,
  variables: KnownVariables,
  scopes: readonly number[],
): Invocation {
  const words = node.name ? [node.name, ...node.args] : [];
  return {
    argv: words.flatMap((word) => wordValues(word, variables)),
    assignments: node.assignments.map((assignment) => toAssignment(assignment, variables)),
    redirects: node.redirections.map((redirection) => toRedirect(redirection, variables)),
    line: node.line,
    scopes,
  };
}

function isNodeObject(value: unknown): value is { type: string } & Record<string, unknown> {
  return (
    typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string"
  );
}

/** Loops with no bound known now: their bodies may run any number of times. */
const unboundedLoopTypes = new Set(["While", "Until", "CStyleFor"]);
const loopTypes = new Set([...unboundedLoopTypes, "For"]);

/** Leaf word parts: nothing inside them can run a command, so the walk stops there. */
const leafTypes = new Set(["Literal", "SingleQuoted", "Escaped", "Glob", "TildeExpansion"]);

/** One walk over one script (a class rather than closures: this runs on every shell decision). */
class ScriptCollector {
  readonly analysis: ShellScriptAnalysis = {
    invocations: [],
    compoundRedirects: [],
    functions: new Map(),
    problems: [],
  };
  /** Computed on the first loop only: most commands have none, and the search walks the whole tree. */
  private trustworthy: Set<string> | undefined;
  private variables: KnownVariables = new Map();

  /** Plain definitions of each statement list being walked, with that list's scope id. */
  private readonly definitionScopes = new Map<unknown, number>();
  private readonly scopeStack: number[] = [];
  private nextScope = 0;
  /** Every function definition met, each with the command names its own body runs. */
  readonly definitions: FunctionBody[] = [];
  private readonly definitionStack: FunctionBody[] = [];
  /** How many while/until/for((…)) bodies the walk is inside. */
  private unboundedLoops = 0;

  constructor(private readonly script: ScriptNode) {}

  /** Enters a statement list: a new scope, and the definitions that are plain statements of it. */
  private visitStatementList(statements: readonly Record<string, unknown>[], nesting: number): void {
    const scope = this.nextScope++;
    for (const statement of statements) {
      const [pipeline, ...others] = statement.pipelines as {
        commands: { type: string }[];
        negated: boolean;
      }[];
      const [command, ...rest] = pipeline?.commands ?? [];
      if (others.length === 0 && rest.length === 0 && !statement.background && !pipeline?.negated) {
        if (command?.type === "FunctionDef") this.definitionScopes.set(command, scope);
      }
    }
    this.scopeStack.push(scope);
    for (const statement of statements) this.visit(statement, nesting);
    this.scopeStack.pop();
  }

  visit(value: unknown, nesting: number): void {
    if (Array.isArray(value)) {
      if (isNodeObject(value[0]) && value[0].type === "Statement") {
        this.visitStatementList(value as Record<string, unknown>[], nesting);
        return;
      }
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
        if (value.background) this.checkBackground(value);
        break;
      }
      case "SimpleCommand": {
        const node = value as unknown as SimpleCommandNode;
        // `ls &&` or `ls |` at the end: bash refuses the script; the parser leaves an empty command.
        if (!node.name && node.assignments.length === 0 && node.redirections.length === 0) {
          analysis.problems.push("an incomplete command (nothing after an operator)");
        }
        const invocation = toInvocation(node, this.variables, [...this.scopeStack]);
        analysis.invocations.push(invocation);
        const [program] = invocation.argv;
        // A name only known at run time is denied as a command name anyway.
        if (program?.kind === "static") this.definitionStack.at(-1)?.calls.push(program.value);
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
      case "FunctionDef": {
        const name = String(value.name);
        const scope = this.definitionScopes.get(value);
        if (scope !== undefined) {
          const definitions = analysis.functions.get(name) ?? [];
          definitions.push({ scope, firstInvocationAfter: analysis.invocations.length });
          analysis.functions.set(name, definitions);
        }
        const body: FunctionBody = { name, calls: [], nested: [] };
        this.definitionStack.at(-1)?.nested.push(body);
        this.definitions.push(body);
        this.definitionStack.push(body);
        this.visitChildren(value, nesting);
        this.definitionStack.pop();
        return;
      }
      case "ArithCommandSubst":
        // $(…) inside $((…)) is kept as text by the parser: parse it and look inside too.
        this.visitNestedText(String(value.command), nesting);
        return;
    }
    if (unboundedLoopTypes.has(value.type)) {
      this.unboundedLoops++;
      this.visitChildren(value, nesting);
      this.unboundedLoops--;
      return;
    }
    this.visitChildren(value, nesting);
  }

  private visitChildren(value: Record<string, unknown>, nesting: number): void {
    for (const key in value) {
      const child = value[key];
      if (typeof child === "object" && child !== null) this.visit(child, nesting);
    }
  }

  /**
   * A command in the background outlives the sandbox's per-command timeout checks. Refused: a
   * loop sent there (`while true; do …; done &`), and anything sent there from inside a loop
   * with no bound (`while true; do x & done` starts processes without end).
   */
  private checkBackground(statement: Record<string, unknown>): void {
    const pipelines = (statement.pipelines ?? []) as { commands?: { type?: string }[] }[];
    if (
      pipelines.some((pipeline) => pipeline.commands?.some((command) => loopTypes.has(String(command.type))))
    )
      this.analysis.problems.push("a loop run in the background cannot be bounded");
    else if (this.unboundedLoops > 0)
      this.analysis.problems.push("a command sent to the background from inside a loop with no bound");
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
  const recursive = recursiveFunction(collector.definitions);
  if (recursive)
    collector.analysis.problems.push(
      `the function ${recursive} calls itself (directly or through other functions): recursion has no bound, and :(){ :|:& };: is a fork bomb`,
    );
  return collector.analysis;
}

/** One function definition: the names its body calls, and the functions its body defines. */
interface FunctionBody {
  name: string;
  calls: string[];
  nested: FunctionBody[];
}

/**
 * A function that can reach itself through calls, if any. A call to a name the body itself
 * defines goes to that inner definition (`f() { f() { ls; }; f; }` is no recursion); any other
 * call may reach every definition of the name, wherever it is (the safe side).
 */
function recursiveFunction(definitions: readonly FunctionBody[]): string | undefined {
  const byName = new Map<string, FunctionBody[]>();
  for (const body of definitions) byName.set(body.name, [...(byName.get(body.name) ?? []), body]);
  const callees = (body: FunctionBody): FunctionBody[] =>
    body.calls.flatMap((name) => {
      const inner = body.nested.filter((nested) => nested.name === name);
      return inner.length > 0 ? inner : (byName.get(name) ?? []);
    });
  for (const start of definitions) {
    const seen = new Set<FunctionBody>();
    const pending = callees(start);
    while (pending.length > 0) {
      const body = pending.pop() as FunctionBody;
      if (body === start) return start.name;
      if (seen.has(body)) continue;
      seen.add(body);
      pending.push(...callees(body));
    }
  }
  return undefined;
}
