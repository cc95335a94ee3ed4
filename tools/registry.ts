import { z } from "zod";
import type { ToolSpec } from "../providers/types";
import { httpRequestTool } from "./actions/http-request";
import { sendEmailTool } from "./actions/send-email";
import { closeTaskTool, createTaskTool, updateTaskTool } from "./actions/tasks";
import { updateRecordTool } from "./actions/update-record";
import { writeFileTool } from "./actions/write-file";
import { sendMessageTool } from "./send-message";
import { shellTool } from "./shell";
import type { Tool } from "./types";

// biome-ignore lint/suspicious/noExplicitAny: the registry holds tools of different input types.
type AnyTool = Tool<any>;

/** The action catalogue: every tool an agent definition may list. */
const TOOLS: readonly AnyTool[] = [
  shellTool,
  sendMessageTool,
  createTaskTool,
  updateTaskTool,
  closeTaskTool,
  updateRecordTool,
  writeFileTool,
  sendEmailTool,
  httpRequestTool,
];

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
