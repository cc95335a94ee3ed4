/**
 * The source tree's import graph, read with TypeScript's own parser (so comments, strings and
 * `import type` are told apart correctly). Used by the layer and cycle checks; it resolves only
 * relative imports, which are the ones a layer rule can be about.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface ImportEdge {
  /** Importing file, relative to the repository root, with `/` separators. */
  from: string;
  /** Imported file (relative import, resolved) or package name (bare import). */
  to: string;
  /** The specifier as written, for error messages. */
  specifier: string;
  /** `import type` / `export type`: erased at run time. */
  typeOnly: boolean;
  /** True when `to` is a file of the tree, false for a package. */
  local: boolean;
}

export const ROOT = path.resolve(import.meta.dirname, "../../..");

/** Folders that hold the application's source. Tests, fixtures and generated files are not rooms. */
const SOURCE_FOLDERS = [
  "agents",
  "bench",
  "channels",
  "db",
  "durable-objects",
  "kernel",
  "providers",
  "runtime",
  "scripts",
  "tools",
  "workers",
];

export function sourceFiles(root = ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts"))
        out.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  for (const folder of SOURCE_FOLDERS) if (existsSync(path.join(root, folder))) walk(path.join(root, folder));
  return out.sort();
}

/** Pages written in JSX (workers/dashboard) are parsed as TSX, everything else as TS. */
const scriptKind = (file: string) => (file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);

function resolveLocal(fromFile: string, specifier: string, root: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const stem = base.replace(/\.js$/, "");
  for (const candidate of [base, `${stem}.ts`, `${stem}.tsx`, `${stem}/index.ts`]) {
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile())
      return candidate;
  }
  return undefined;
}

/** Every import and re-export of one file. */
export function importsOf(file: string, root = ROOT): ImportEdge[] {
  const text = readFileSync(path.join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKind(file));
  const edges: ImportEdge[] = [];
  const add = (specifier: string, typeOnly: boolean) => {
    if (specifier.startsWith(".")) {
      const resolved = resolveLocal(file, specifier, root);
      edges.push({
        from: file,
        to: resolved ?? specifier,
        specifier,
        typeOnly,
        local: resolved !== undefined,
      });
    } else {
      edges.push({ from: file, to: specifier, specifier, typeOnly, local: false });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const allTypes =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, allTypes);
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node.arguments[0].text, false);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

export function importGraph(root = ROOT): ImportEdge[] {
  return sourceFiles(root).flatMap((file) => importsOf(file, root));
}

/** Strongly connected components with more than one file (or a file importing itself): the cycles. */
export function cyclesOf(edges: ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const edge of edges) {
    if (!edge.local) continue;
    const set = next.get(edge.from) ?? new Set<string>();
    set.add(edge.to);
    next.set(edge.from, set);
  }
  // Tarjan's algorithm, iterative so a deep chain cannot overflow the stack.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  for (const start of next.keys()) {
    if (indexOf.has(start)) continue;
    const work: Array<{ node: string; children: string[]; i: number }> = [];
    const open = (node: string) => {
      indexOf.set(node, index);
      low.set(node, index);
      index += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: [...(next.get(node) ?? [])], i: 0 });
    };
    open(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++]!;
        if (!indexOf.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, indexOf.get(child)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === indexOf.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = next.get(frame.node)?.has(frame.node) ?? false;
        if (component.length > 1 || selfLoop) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}

/** Every string literal and template text of one file, with its line, for rules about names. */
export function stringLiteralsOf(file: string, root = ROOT): Array<{ text: string; line: number }> {
  const text = readFileSync(path.join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const found: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isStringLiteralLike(node) ||
      ts.isTemplateHead(node) ||
      ts.isTemplateMiddle(node) ||
      ts.isTemplateTail(node)
    ) {
      const isModuleName = ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent);
      if (!isModuleName)
        found.push({
          text: node.text,
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
        });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
