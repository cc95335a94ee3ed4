/** Runs the project's own wrangler (on the pinned Node) and returns what it printed. */
import { spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./state";

export const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");

export function runWrangler(args: string[], options: { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    // stdin closed: wrangler then treats the run as non-interactive and does not prompt.
    const child = spawn(WRANGLER, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      if (!options.quiet) process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`wrangler ${args.join(" ")} exited with ${code}\n${err || out}`));
    });
  });
}
