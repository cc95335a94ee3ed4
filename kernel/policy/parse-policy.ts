/**
 * Reading a policy file: YAML → zod-validated `Policy`, with errors that name the file, the
 * line and the field, so that whoever edits a policy can fix it without guessing.
 */
import { isMap, isNode, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { type Policy, policySchema } from "./schema";

export class PolicyError extends Error {
  override readonly name = "PolicyError";
  constructor(
    message: string,
    readonly fileName: string,
    readonly line: number | undefined,
    readonly field: string,
  ) {
    super(message);
  }
}

type PathKey = string | number;

/** A policy file beyond this is refused unread: real ones are a few kilobytes. */
export const MAX_POLICY_BYTES = 256 * 1024;
/** Aliases expanded per document (the YAML library's guard against "billion laughs" inputs). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses and validates one policy file. Throws only PolicyError, whatever the text.
 *
 * @example
 * const policy = parsePolicy(readFileSync("policies/default.yaml", "utf8"), "policies/default.yaml");
 */
export function parsePolicy(text: string, fileName: string): Policy {
  if (typeof text !== "string")
    throw new PolicyError(`${fileName}: the policy is not text`, fileName, undefined, "");
  if (text.length > MAX_POLICY_BYTES) {
    throw new PolicyError(
      `${fileName}: the policy is larger than ${MAX_POLICY_BYTES} bytes`,
      fileName,
      undefined,
      "",
    );
  }
  try {
    return parseBoundedPolicy(text, fileName);
  } catch (error) {
    if (error instanceof PolicyError) throw error;
    // The YAML library refuses alias bombs and deep nesting by throwing; either way the file
    // is refused with a PolicyError, the one error this function promises.
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new PolicyError(`${fileName}: the policy cannot be read: ${message}`, fileName, undefined, "");
  }
}

function parseBoundedPolicy(text: string, fileName: string): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line ?? lineCounter.linePos(yamlError.pos[0]).line;
    throw new PolicyError(
      `${fileName}:${line}: not valid YAML: ${yamlError.message.split("\n")[0]}`,
      fileName,
      line,
      "",
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    // The library weighs each alias by what it expands to and throws past the limit: say which limit.
    if (error instanceof ReferenceError && /alias count/i.test(error.message))
      throw new PolicyError(
        `${fileName}: the policy expands YAML aliases past the limit of ${MAX_ALIAS_COUNT}`,
        fileName,
        undefined,
        "",
      );
    throw error;
  }
  const result = policySchema.safeParse(value);
  if (result.success) return result.data;
  // A misspelt key also leaves a required field missing: report the misspelling, it explains both.
  const issues = result.error.issues;
  const issue = (issues.find((candidate) => candidate.code === "unrecognized_keys") ??
    issues[0]) as z.core.$ZodIssue;
  const path = issuePath(issue);
  const line = lineOf(doc.contents, path, lineCounter);
  const field = path.length > 0 ? path.map((key) => String(key)).join(".") : "(root)";
  const where = line === undefined ? fileName : `${fileName}:${line}`;
  throw new PolicyError(`${where}: ${field}: ${describeIssue(issue)}`, fileName, line, field);
}

/** An unknown key is reported at the key itself, not at the object that holds it. */
function issuePath(issue: z.core.$ZodIssue): PathKey[] {
  const path = issue.path.filter((key): key is PathKey => typeof key !== "symbol");
  if (issue.code === "unrecognized_keys" && issue.keys[0] !== undefined) return [...path, issue.keys[0]];
  return path;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  return issue.message;
}

/** The line of the deepest YAML node on `path` that exists (a missing field points at its parent). */
function lineOf(root: unknown, path: PathKey[], lineCounter: LineCounter): number | undefined {
  let node: unknown = root;
  let best: Node | undefined = isNode(root) ? root : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isNode(item.key) && "value" in item.key && item.key.value === key,
      );
      if (!pair) break;
      best = isNode(pair.key) ? pair.key : best;
      node = pair.value;
      if (isNode(node) && typeof key === "string" && path.at(-1) !== key) best = node;
    } else if (isNode(node) && "items" in node && Array.isArray(node.items) && typeof key === "number") {
      node = node.items[key];
      if (!isNode(node)) break;
      best = node;
    } else {
      break;
    }
  }
  const offset = best?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}
