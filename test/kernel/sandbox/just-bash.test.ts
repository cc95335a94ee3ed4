import { describe, expect, it } from "vitest";
import { createJustBashSandbox, type WorkspaceStore } from "../../../tools/sandbox/just-bash";

function memoryStore(initial: Record<string, string> = {}) {
  const files = new Map(Object.entries(initial));
  const saves: Array<Map<string, string | null>> = [];
  const store: WorkspaceStore = {
    load: async () => new Map(files),
    save: async (changes) => {
      saves.push(changes);
      for (const [path, content] of changes) {
        if (content === null) files.delete(path);
        else files.set(path, content);
      }
    },
  };
  return { store, files, saves };
}

const LIMITS = { timeoutMs: 5_000, maxOutputBytes: 64 };

describe("just-bash sandbox", () => {
  it("runs in /workspace and keeps files written by one command for the next", async () => {
    const { store, files } = memoryStore();
    const sandbox = createJustBashSandbox(store);
    expect(await sandbox.run("pwd", LIMITS)).toMatchObject({ exitCode: 0, stdout: "/workspace\n" });
    await sandbox.run("echo 'net 30' > terms.txt", LIMITS);
    expect(files.get("/workspace/terms.txt")).toBe("net 30\n");
    expect(await sandbox.run("cat terms.txt", LIMITS)).toMatchObject({ exitCode: 0, stdout: "net 30\n" });
  });

  it("saves only what changed, and records deletions", async () => {
    const { store, saves, files } = memoryStore({ "/workspace/a.txt": "a\n", "/workspace/b.txt": "b\n" });
    const sandbox = createJustBashSandbox(store);
    await sandbox.run("cat a.txt", LIMITS);
    expect(saves.at(-1)?.size).toBe(0);
    await sandbox.run("rm b.txt", LIMITS);
    expect(saves.at(-1)).toEqual(new Map([["/workspace/b.txt", null]]));
    expect([...files.keys()]).toEqual(["/workspace/a.txt"]);
  });

  it("cuts output at the limit and says so", async () => {
    const { store } = memoryStore();
    const run = await createJustBashSandbox(store).run("seq 1 1000", LIMITS);
    expect(run.truncated).toBe(true);
    expect(run.stdout).toMatch(/^1\n2\n3\n[\s\S]*… \[output cut at 64 bytes\]$/);
  });

  it("reports a failing command's exit code and stderr", async () => {
    const { store } = memoryStore();
    const run = await createJustBashSandbox(store).run("cat missing.txt", LIMITS);
    expect(run.exitCode).not.toBe(0);
    expect(run.stderr).toMatch(/missing\.txt/);
  });
});
