import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, describe, expect, it } from "vitest";
import { runWith } from "../../../scripts/commands/doctor";
import { LOCAL_D1_DIR } from "../../../scripts/doctor/local-d1-migrations";

const repo = path.resolve(import.meta.dirname, "../../..");
const migrationNames = readdirSync(path.join(repo, "migrations"))
  .filter((file) => file.endsWith(".sql"))
  .sort();
const goodKey = Buffer.alloc(32, 7).toString("base64");
const now = Date.parse("2026-12-07T12:00:00Z");
const botToken = "123456:ABCdefGHIjklMNOpqr";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A checkout as `npm start` leaves it: the repository's files, .dev.vars and a local D1. */
function checkout(
  options: { devVars?: string | null; applied?: string[]; databaseId?: string; policy?: string } = {},
) {
  const root = mkdtempSync(path.join(tmpdir(), "cairn-doctor-"));
  roots.push(root);
  for (const dir of ["policies", "agents", "migrations"])
    cpSync(path.join(repo, dir), path.join(root, dir), { recursive: true });
  const toml = readFileSync(path.join(repo, "wrangler.toml"), "utf8").replace(
    /database_id = "[^"]*"/,
    `database_id = "${options.databaseId ?? "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f"}"`,
  );
  writeFileSync(path.join(root, "wrangler.toml"), toml);
  if (options.policy) writeFileSync(path.join(root, "policies", "broken.yaml"), options.policy);
  const devVars =
    options.devVars === undefined
      ? `CAIRN_ENV=development\nCAIRN_ENCRYPTION_KEY=${goodKey}\nOPENAI_API_KEY=sk-test\n`
      : options.devVars;
  if (devVars !== null) writeFileSync(path.join(root, ".dev.vars"), devVars);
  const applied = options.applied ?? migrationNames;
  mkdirSync(path.join(root, LOCAL_D1_DIR), { recursive: true });
  const db = new DatabaseSync(path.join(root, LOCAL_D1_DIR, "0123abcd.sqlite"));
  // The table wrangler keeps, as it creates it.
  db.exec(
    "CREATE TABLE d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
  );
  const insert = db.prepare("INSERT INTO d1_migrations (name) VALUES (?)");
  for (const name of applied) insert.run(name);
  db.close();
  return root;
}

const status = (overrides: Record<string, unknown> = {}) => ({
  tenant: "acme",
  at: now,
  channels: [{ id: "ch_1", platform: "telegram", agentId: "operations" }],
  agents: [
    { id: "operations", enabled: true, heartbeatAt: now, nextCycleAt: now + 60_000, resumingCycle: null },
  ],
  proposals: { pending: 0 },
  outbox: { pending: 0, failed: 0, oldestPendingAt: null },
  deadLetters: { open: 0, oldestAt: null },
  spend: { todayMicros: 0, monthMicros: 0, dailyBudgetMicros: 2_000_000, monthlyBudgetMicros: null },
  ...overrides,
});

interface Remote {
  status?: { code?: number; body: unknown } | Error;
  webhookUrl?: string;
  lastError?: string;
}

function doctor(root: string, remote: Remote = {}, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: string[] = [];
  const deps = {
    root,
    now: () => now,
    env: { CAIRN_ADMIN_TOKEN: "admin", ...env } as Record<string, string | undefined>,
    out: (line: string) => out.push(line),
    err: (line: string) => err.push(line),
    fetch: (async (input: string | URL | Request, init?: RequestInit) => {
      const url = String(input);
      calls.push(`${init?.method ?? "GET"} ${url}`);
      if (url === "http://cairn.test/api/status") {
        if (new Headers(init?.headers).get("authorization") !== "Bearer admin")
          return Response.json({ error: "invalid admin token" }, { status: 401 });
        const answer = remote.status ?? { body: status() };
        if (answer instanceof Error) throw answer;
        return Response.json(answer.body, { status: answer.code ?? 200 });
      }
      if (url === `https://api.telegram.org/bot${botToken}/getWebhookInfo`) {
        return Response.json({
          ok: true,
          result: {
            url: remote.webhookUrl ?? "http://cairn.test/webhooks/telegram/acme",
            has_custom_certificate: false,
            pending_update_count: 3,
            ...(remote.lastError
              ? { last_error_date: now / 1000 - 60, last_error_message: remote.lastError }
              : {}),
          },
        });
      }
      return Response.json({ ok: false, error_code: 404, description: "Not Found" }, { status: 404 });
    }) as typeof fetch,
  };
  return { deps, out, err, calls };
}

const levels = (out: string[]) =>
  Object.fromEntries(
    out.flatMap((line) => {
      const match = /^(ok|warn|fail|skip) +([^:]+):/.exec(line);
      return match ? [[match[2], match[1]]] : [];
    }),
  );

describe("cairn doctor", () => {
  it("passes a checkout set up as npm start leaves it, every check ok", async () => {
    const { deps, out, err, calls } = doctor(checkout());
    expect(await runWith([], deps)).toBe(0);
    expect(err).toEqual([]);
    expect(calls).toEqual([]);
    expect(levels(out)).toEqual({
      "encryption key": "ok",
      "model keys": "ok",
      policies: "ok",
      agents: "ok",
      "local migrations": "ok",
      "deploy settings": "ok",
    });
    expect(out.at(-1)).toBe("6 ok, 0 warning(s), 0 failure(s), 0 skipped");
  });

  it("fails a broken checkout and says how to fix each problem", async () => {
    const root = checkout({
      devVars: `CAIRN_ENCRYPTION_KEY=${Buffer.alloc(16).toString("base64")}\n`,
      applied: migrationNames.slice(0, -1),
      policy: "shell:\n  allow: [unterminated\n",
    });
    const { deps, out } = doctor(root);
    expect(await runWith([], deps)).toBe(1);
    const text = out.join("\n");
    expect(levels(out)).toMatchObject({
      "encryption key": "fail",
      "model keys": "warn",
      policies: "fail",
      "local migrations": "fail",
    });
    expect(text).toContain("CAIRN_ENCRYPTION_KEY in .dev.vars is not 32 bytes of base64");
    expect(text).toContain("fix: replace it with the output of `openssl rand -base64 32`");
    expect(text).toMatch(/policies: .*broken\.yaml/);
    expect(text).toContain(
      `local migrations: 1 of ${migrationNames.length} not applied locally: ${migrationNames.at(-1)}`,
    );
    expect(text).toContain("fix: npx wrangler d1 migrations apply cairn --local");
  });

  it("warns, without failing, on a fresh clone: nothing is created yet and the database id is the placeholder", async () => {
    const root = checkout({ devVars: null, applied: [], databaseId: "00000000-0000-0000-0000-000000000000" });
    rmSync(path.join(root, LOCAL_D1_DIR), { recursive: true });
    const { deps, out } = doctor(root);
    expect(await runWith([], deps)).toBe(0);
    expect(levels(out)).toMatchObject({
      "encryption key": "warn",
      "local migrations": "warn",
      "deploy settings": "warn",
    });
    expect(out.join("\n")).toContain("fix: npm start creates it with a new CAIRN_ENCRYPTION_KEY");
  });

  it("checks a running Cairn with --url: token, clock, budgets, channels, and where Telegram delivers", async () => {
    const { deps, out, calls } = doctor(checkout(), {}, { TELEGRAM_BOT_TOKEN: botToken });
    expect(await runWith(["--url", "http://cairn.test/"], deps)).toBe(0);
    expect(calls).toEqual([
      "GET http://cairn.test/api/status",
      `POST https://api.telegram.org/bot${botToken}/getWebhookInfo`,
    ]);
    expect(levels(out)).toMatchObject({
      "admin API": "ok",
      clock: "ok",
      budgets: "ok",
      channels: "ok",
      attention: "ok",
      "telegram webhook": "ok",
    });
    expect(out.join("\n")).toContain(
      "telegram webhook: delivers to http://cairn.test/webhooks/telegram/acme (3 pending)",
    );
  });

  it("fails when the bot delivers somewhere else, and names the command that points it back", async () => {
    const { deps, out } = doctor(
      checkout(),
      { webhookUrl: "https://old-worker.example/webhooks/telegram/acme" },
      { TELEGRAM_BOT_TOKEN: botToken },
    );
    expect(await runWith(["--url", "http://cairn.test"], deps)).toBe(1);
    const text = out.join("\n");
    expect(text).toContain(
      "fail  telegram webhook: the bot delivers to https://old-worker.example/webhooks/telegram/acme, not http://cairn.test/webhooks/telegram/acme",
    );
    expect(text).toContain(
      "fix: npm run cairn -- channels telegram connect --tenant acme --url http://cairn.test",
    );
  });

  it("warns on clock skew, no budget, no channel and what waits on a person; skips Telegram without its token", async () => {
    const { deps, out } = doctor(checkout(), {
      status: {
        body: status({
          at: now + 5 * 60_000,
          channels: [],
          deadLetters: { open: 2, oldestAt: now - 60_000 },
          spend: { todayMicros: 0, monthMicros: 0, dailyBudgetMicros: null, monthlyBudgetMicros: null },
        }),
      },
    });
    expect(await runWith(["--url", "http://cairn.test"], deps)).toBe(0);
    expect(levels(out)).toMatchObject({
      clock: "warn",
      budgets: "warn",
      channels: "warn",
      attention: "warn",
      "telegram webhook": "skip",
    });
    const text = out.join("\n");
    expect(text).toContain("clock: the Worker's clock is 300 s ahead of this machine's");
    expect(text).toContain("attention: 2 dead letter(s) not replayed");
  });

  it("fails with the next step when the Worker is unreachable, refuses the token or errs", async () => {
    const cases: Array<[Remote, Record<string, string>, RegExp]> = [
      [
        { status: new TypeError("fetch failed") },
        {},
        /could not reach http:\/\/cairn\.test: fetch failed[\s\S]*fix: start it/,
      ],
      [
        {},
        { CAIRN_ADMIN_TOKEN: "wrong" },
        /Cairn answered 401: invalid admin token[\s\S]*fix: use the tenant's admin token/,
      ],
      [
        { status: { code: 500, body: { error: "D1_ERROR: no such table: dead_letters" } } },
        {},
        /answered 500[\s\S]*fix: apply the migrations/,
      ],
      [{ status: { body: { hello: "world" } } }, {}, /did not answer a status/],
    ];
    for (const [remote, env, message] of cases) {
      const { deps, out } = doctor(checkout(), remote, env);
      expect(await runWith(["--url", "http://cairn.test"], deps)).toBe(1);
      expect(levels(out)["admin API"]).toBe("fail");
      expect(out.join("\n")).toMatch(message);
    }
  });

  it("prints every check as JSON with --json", async () => {
    const { deps, out } = doctor(checkout());
    expect(await runWith(["--json"], deps)).toBe(0);
    const { checks } = JSON.parse(out.join("\n")) as { checks: Array<{ name: string; level: string }> };
    expect(checks.map((check) => check.name)).toEqual([
      "encryption key",
      "model keys",
      "policies",
      "agents",
      "local migrations",
      "deploy settings",
    ]);
  });

  it("refuses a user mistake with the usage and exit 2, running no check", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["--bogus"], /unknown option --bogus/],
      [["extra"], /unexpected argument extra/],
      [["--url"], /--url needs a value/],
      [["--url", "not a url"], /--url must be a URL/],
      [["--url", "http://x", "extra"], /unexpected argument extra/],
    ];
    for (const [args, message] of cases) {
      const { deps, out, err, calls } = doctor(checkout());
      expect(await runWith(args, deps)).toBe(2);
      expect(err.join("\n")).toMatch(message);
      expect(err.join("\n")).toContain("usage: npm run cairn -- doctor");
      expect(out).toEqual([]);
      expect(calls).toEqual([]);
    }
  });
});
