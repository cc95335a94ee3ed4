/**
 * What the model reads of an MCP tool's result. The result is the server's words: checked
 * against the tool's outputSchema when it declares one, stripped of any credential the secret
 * scanner recognises (and of the server's own token), and cut to a size. It enters the turn's
 * context labelled `untrusted:mcp` (runtime/turn/trust-check.ts), so nothing it says can make a
 * later call look like the owner asked for it.
 */
import { z } from "zod";
import { createSecretScanner, maskSecrets } from "../../kernel/privacy/index";
import { truncateOutput } from "../sandbox/types";
import type { ToolResult } from "../types";
import type { McpToolDefinition } from "./catalogue";
import { MCP_LIMITS } from "./connection";
import { schemaProblem } from "./schema-check";

const ContentBlock = z
  .object({ type: z.string() })
  .passthrough()
  .transform((block) => {
    const b = block as Record<string, unknown>;
    if (block.type === "text" && typeof b.text === "string") return b.text;
    if (block.type === "image" || block.type === "audio")
      return `[${block.type} (${String(b.mimeType ?? "unknown type")}) not shown]`;
    if (block.type === "resource_link") return `[resource link: ${String(b.uri ?? "")}]`;
    if (block.type === "resource") {
      const resource = (b.resource ?? {}) as Record<string, unknown>;
      return typeof resource.text === "string" ? resource.text : `[resource: ${String(resource.uri ?? "")}]`;
    }
    return `[${block.type} content not shown]`;
  });

const CallToolResult = z.object({
  content: z.array(ContentBlock).default([]),
  structuredContent: z.record(z.string(), z.unknown()).optional(),
  isError: z.boolean().optional(),
});

export function mcpResultFor(
  toolName: string,
  definition: McpToolDefinition,
  raw: unknown,
  knownSecrets: readonly string[],
): ToolResult {
  const parsed = CallToolResult.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      output: `${toolName}: the server's result is not a tool result (${issueOf(parsed.error)})`,
    };
  const { content, structuredContent, isError } = parsed.data;
  if (definition.outputSchema && !isError) {
    if (structuredContent === undefined)
      return {
        ok: false,
        output: `${toolName}: the tool declares an outputSchema but returned no structuredContent`,
      };
    const problem = schemaProblem(definition.outputSchema, structuredContent);
    if (problem)
      return { ok: false, output: `${toolName}: the result does not match its outputSchema: ${problem}` };
  }
  // The spec asks tools with structured results to repeat them as text; when one does not, the
  // structured result is what the model reads.
  const parts =
    content.length === 0 && structuredContent !== undefined ? [JSON.stringify(structuredContent)] : content;
  const scan = createSecretScanner({
    knownSecrets: knownSecrets.filter((s) => s.length >= 8),
    entropy: false,
  });
  const text = parts.join("\n");
  const findings = scan(text);
  const masked = findings.length === 0 ? text : maskSecrets(text, findings);
  const cut = truncateOutput(masked, MCP_LIMITS.resultChars);
  const notes = [
    ...(findings.length > 0 ? [`${findings.length} secret(s) removed`] : []),
    ...(cut.truncated ? [`cut at ${MCP_LIMITS.resultChars} bytes`] : []),
  ];
  const header = `${isError ? "error from" : "result of"} ${toolName}${notes.length ? ` (${notes.join(", ")})` : ""}:`;
  return { ok: !isError, output: `${header}\n${cut.text}` };
}

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join(".") || "(result)"}: ${issue?.message}`;
}
