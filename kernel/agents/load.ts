/**
 * Reading an agent definition from YAML text. Pure: the caller reads the file (or the D1 row),
 * so the same function serves the repo defaults, the CLI and the Worker.
 */
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type AgentDefinition, agentDefinitionSchema } from "./schema";

/** One problem in one field, e.g. `{field: "schedule.every", message: "must be at least 1m"}`. */
export interface AgentDefinitionProblem {
  field: string;
  message: string;
}

/** Thrown for a definition that cannot be used; `message` names the file and every bad field. */
export class AgentDefinitionError extends Error {
  override readonly name = "AgentDefinitionError";
  constructor(
    readonly fileName: string,
    readonly problems: AgentDefinitionProblem[],
  ) {
    super(`${fileName}: ${problems.map((p) => `${p.field}: ${p.message}`).join("; ")}`);
  }
}

function fieldName(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index ? "." : ""}${String(part)}`))
    .join("");
}

function describeIssue(issue: z.core.$ZodIssue): AgentDefinitionProblem[] {
  if (issue.code === "unrecognized_keys") {
    // One problem per key, each naming the full path of the key, so "schedule.evry" reads as such.
    return issue.keys.map((key) => ({ field: fieldName([...issue.path, key]), message: "unknown key" }));
  }
  const unknownKey = /^Unrecognized keys?: (.+)$/.exec(issue.message);
  if (unknownKey) {
    const keys = unknownKey[1]!.split(", ").map((quoted) => quoted.replace(/^"|"$/g, ""));
    return keys.map((key) => ({ field: fieldName([...issue.path, key]), message: "unknown key" }));
  }
  return [{ field: fieldName(issue.path), message: issue.message }];
}

/**
 * Parse and validate one agent definition.
 * @param text the YAML source
 * @param fileName where it came from, used only in error messages (e.g. "agents/finance.yaml")
 * @throws AgentDefinitionError naming the file and each bad field
 * @example
 * const finance = parseAgentDefinition(readFileSync("agents/finance.yaml", "utf8"), "agents/finance.yaml");
 */
export function parseAgentDefinition(text: string, fileName: string): AgentDefinition {
  // uniqueKeys (the default) turns a key written twice into an error instead of last-one-wins.
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    throw new AgentDefinitionError(
      fileName,
      document.errors.map((error) => ({
        field: error.linePos ? `line ${error.linePos[0].line}` : "(yaml)",
        // yaml repeats the position and a code excerpt in the message; the field already says where.
        message: (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, ""),
      })),
    );
  }
  const result = agentDefinitionSchema.safeParse(document.toJS());
  if (!result.success) throw new AgentDefinitionError(fileName, result.error.issues.flatMap(describeIssue));
  return result.data;
}

/**
 * Validate a definition that is already an object (a JSON column, an API body).
 * @throws AgentDefinitionError naming `source` and each bad field
 */
export function validateAgentDefinition(value: unknown, source: string): AgentDefinition {
  const result = agentDefinitionSchema.safeParse(value);
  if (!result.success) throw new AgentDefinitionError(source, result.error.issues.flatMap(describeIssue));
  return result.data;
}
