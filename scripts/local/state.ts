/**
 * Local development state shared by `npm start` and `npm run demo`: where Cairn listens and the
 * demo tenant's credentials. Lives in .wrangler/ (git-ignored) next to the local D1 database,
 * so deleting .wrangler/ resets both together.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const STATE_FILE = path.join(ROOT, ".wrangler", "cairn-demo.json");

export const DemoStateSchema = z.object({
  tenantId: z.string(),
  adminToken: z.string(),
  webhookSecret: z.string(),
  botToken: z.string(),
  approverId: z.string(),
  chatId: z.number(),
  telegramPort: z.number(),
});
export type DemoState = z.infer<typeof DemoStateSchema>;

export function readDemoState(): DemoState | null {
  if (!existsSync(STATE_FILE)) return null;
  return DemoStateSchema.parse(JSON.parse(readFileSync(STATE_FILE, "utf8")));
}

export function writeDemoState(state: DemoState): void {
  mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

export const PORT = Number(process.env.PORT ?? 8787);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
