import { z } from "zod";
import type { ToolSpec } from "../providers/types";
import { sendMessageTool } from "./send-message";
import { shellTool } from "./shell";
import type { Tool } from "./types";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of different input types.
type AnyTool = Tool<any>;

const TOOLS: readonly AnyTool[] = [shellTool, sendMessageTool];

export function findTool(name: string): AnyTool | undefined {
  return TOOLS.find((tool) => tool.name === name);
}

/** The specs offered to the model: only the tools the agent's definition lists. */
export function toolSpecsFor(toolNames: readonly string[]): ToolSpec[] {
  return TOOLS.filter((tool) => toolNames.includes(tool.name)).map((tool) => ({
    name: tool.name,
    description: tool.description,
    inputSchema: z.toJSONSchema(tool.input) as Record<string, unknown>,
  }));
}
