/**
 * How an MCP result becomes what the model reads (tools/mcp/result.ts), and how a catalogue
 * answers for tools it does not have (tools/mcp/catalogue.ts): pure, so tested in Node.
 */
import { describe, expect, it } from "vitest";
import { type McpToolDefinition, mcpCatalogue } from "../../../tools/mcp";
import { mcpResultFor } from "../../../tools/mcp/result";

const stats: McpToolDefinition = {
  name: "contact_stats",
  description: "Counts",
  inputSchema: { type: "object" },
  outputSchema: {
    type: "object",
    properties: { total: { type: "integer" } },
    required: ["total"],
  },
  hints: {},
};
const plain: McpToolDefinition = {
  name: "notes",
  description: "",
  inputSchema: { type: "object" },
  hints: {},
};

describe("MCP results", () => {
  it("refuses a structured result that does not match the tool's outputSchema (a server lying about its schema)", () => {
    const result = mcpResultFor(
      "mcp:crm:contact_stats",
      stats,
      { content: [], structuredContent: { total: "many" } },
      [],
    );
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/^mcp:crm:contact_stats: the result does not match its outputSchema: /);
    expect(result.output).not.toContain("many");
  });

  it("refuses a result without structuredContent when the tool declares an outputSchema", () => {
    const result = mcpResultFor(
      "mcp:crm:contact_stats",
      stats,
      { content: [{ type: "text", text: "42" }] },
      [],
    );
    expect(result).toEqual({
      ok: false,
      output: "mcp:crm:contact_stats: the tool declares an outputSchema but returned no structuredContent",
    });
  });

  it("accepts a matching structured result and shows it", () => {
    const result = mcpResultFor(
      "mcp:crm:contact_stats",
      stats,
      { content: [], structuredContent: { total: 42 } },
      [],
    );
    expect(result).toEqual({ ok: true, output: 'result of mcp:crm:contact_stats:\n{"total":42}' });
  });

  it("refuses something that is not a tool result at all", () => {
    const result = mcpResultFor("mcp:crm:notes", plain, { content: "not an array" }, []);
    expect(result.ok).toBe(false);
    expect(result.output).toContain("is not a tool result (content:");
  });

  it("reports a tool's own error as a failed call, and names content it does not show", () => {
    const failed = mcpResultFor(
      "mcp:crm:notes",
      plain,
      { isError: true, content: [{ type: "text", text: "no such note" }] },
      [],
    );
    expect(failed).toEqual({ ok: false, output: "error from mcp:crm:notes:\nno such note" });
    const image = mcpResultFor(
      "mcp:crm:notes",
      plain,
      { content: [{ type: "image", data: "AAAA", mimeType: "image/png" }] },
      [],
    );
    expect(image.output).toContain("[image (image/png) not shown]");
    expect(image.output).not.toContain("AAAA");
  });

  it("masks configured secrets exactly and recognised credentials by rule", () => {
    const result = mcpResultFor(
      "mcp:crm:notes",
      plain,
      { content: [{ type: "text", text: "key=server-token-123456" }] },
      ["server-token-123456"],
    );
    expect(result.output).not.toContain("server-token-123456");
    expect(result.output).toContain("[secret removed: configured-secret]");
  });
});

describe("the MCP catalogue", () => {
  const catalogue = mcpCatalogue([
    {
      endpoint: { name: "crm", url: "https://crm.example/mcp", token: null },
      available: true,
      tools: [plain],
      skipped: [],
    },
    {
      endpoint: { name: "wiki", url: "https://wiki.example/mcp", token: null },
      available: false,
      reason: "listing its tools failed: HTTP 500",
    },
  ]);

  it("finds tools by their namespaced name and explains every miss", () => {
    expect(catalogue.find("mcp:crm:notes")?.definition).toBe(plain);
    expect(catalogue.entries().map((entry) => entry.name)).toEqual(["mcp:crm:notes"]);
    expect(catalogue.whyMissing("mcp:crm:other")).toBe('MCP server "crm" has no tool "other"');
    expect(catalogue.whyMissing("mcp:wiki:search")).toBe(
      'MCP server "wiki" is unavailable: listing its tools failed: HTTP 500',
    );
    expect(catalogue.whyMissing("mcp:erp:x")).toBe('no MCP server named "erp" is registered');
    expect(catalogue.whyMissing("mcp:bad")).toBe('"mcp:bad" is not an MCP tool name (mcp:<server>:<tool>)');
  });
});
