/**
 * The migrations wrangler recorded in the local D1 databases (`.wrangler/state`, one SQLite file
 * per database, table `d1_migrations`), read directly so `cairn doctor` need not start wrangler.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/**
 * node:sqlite, without the "experimental feature" warning Node prints on loading it: doctor's
 * output is read by people, and that line reads like a problem with their set-up.
 */
async function importSqlite(): Promise<typeof import("node:sqlite")> {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === "string" ? warning : warning.message;
    if (text.startsWith("SQLite is an experimental feature")) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return await import("node:sqlite");
  } finally {
    process.emitWarning = emitWarning;
  }
}

export const LOCAL_D1_DIR = path.join(".wrangler", "state", "v3", "d1", "miniflare-D1DatabaseObject");

/** Per local database that has a migrations table, the names of the migrations applied to it. */
export async function appliedLocalMigrations(root: string): Promise<string[][]> {
  const dir = path.join(root, LOCAL_D1_DIR);
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((file) => file.endsWith(".sqlite"));
  if (files.length === 0) return [];
  const { DatabaseSync } = await importSqlite();
  return files.flatMap((file) => {
    const db = new DatabaseSync(path.join(dir, file), { readOnly: true });
    try {
      const table = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'd1_migrations'")
        .get();
      if (!table) return [];
      return [
        db
          .prepare("SELECT name FROM d1_migrations")
          .all()
          .map((row) => String(row.name)),
      ];
    } finally {
      db.close();
    }
  });
}
