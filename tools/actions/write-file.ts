/** `write_file`: write one file in the thread's sandbox workspace; the inverse restores the snapshot. */
import { z } from "zod";
import { WORKSPACE } from "../sandbox/types";
import { requireServices, type Tool } from "../types";

const WriteFileInput = z.strictObject({
  path: z
    .string()
    .min(1)
    .max(512)
    .refine((p) => !p.split("/").includes(".."), "must not contain .."),
  content: z.string().max(512_000),
});
type WriteFileInput = z.infer<typeof WriteFileInput>;

/** `notes.txt` and `/workspace/notes.txt` name the same file; nothing outside the workspace. */
export function workspacePath(path: string): string {
  const absolute = path.startsWith("/") ? path : `${WORKSPACE}/${path}`;
  return absolute.replace(/\/+/g, "/").replace(/\/\.\//g, "/");
}

const FileSnapshot = z.object({ previous: z.string().nullable() });

export const writeFileTool: Tool<WriteFileInput> = {
  name: "write_file",
  description: "Write a text file in the sandbox workspace (/workspace), replacing it if it exists.",
  input: WriteFileInput,
  risk: "medium",
  reversible: true,
  actions: (input, context) => [
    { kind: "tool", agentId: context.agentId, tool: "workspace" },
    { kind: "filesystem", agentId: context.agentId, operation: "write", path: workspacePath(input.path) },
  ],
  describe: (input) => `write ${input.content.length} characters to ${workspacePath(input.path)}`,
  subject: (input) => ({ target: `file:${workspacePath(input.path)}`, entityRefs: [] }),
  async snapshot(input, context) {
    const files = await requireServices(context, "write_file").workspace.load();
    return { previous: files.get(workspacePath(input.path)) ?? null };
  },
  async execute(input, context) {
    const path = workspacePath(input.path);
    await requireServices(context, "write_file").workspace.save(new Map([[path, input.content]]));
    return { ok: true, output: `wrote ${path}` };
  },
  async inverse(input, snapshot, context) {
    const parsed = FileSnapshot.safeParse(snapshot);
    if (!parsed.success) return { ok: false, output: "nothing was recorded to restore" };
    const path = workspacePath(input.path);
    await requireServices(context, "write_file").workspace.save(new Map([[path, parsed.data.previous]]));
    return { ok: true, output: parsed.data.previous === null ? `removed ${path}` : `restored ${path}` };
  },
};
