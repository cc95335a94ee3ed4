/** Policy overlays through the admin API: validated, versioned, audited, and in force on the next turn. */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

let acme: TestTenant;
let globex: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

const BLOCK_CAT = `version: 1
name: acme-no-cat
shell:
  block:
    - id: acme-no-cat
      program: cat
      reason: acme keeps its notes private
`;

function put(tenant: TestTenant, scope: string, body: string) {
  return exports.default.fetch(
    api(tenant, `/policies/${scope}`, { method: "PUT", body, headers: { "content-type": "text/yaml" } }),
  );
}

async function auditActions(tenantId: string) {
  const { results } = await env.DB.prepare(
    "SELECT action, subject_id FROM audit_log WHERE tenant_id = ? ORDER BY at",
  )
    .bind(tenantId)
    .all<{ action: string; subject_id: string }>();
  return results;
}

beforeAll(async () => {
  acme = await seedTenant("acme");
  globex = await seedTenant("globex");
  telegram = createFakeTelegram(acme.botToken);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("policy overlays", () => {
  it("refuses an invalid overlay, naming the line and field, and stores nothing", async () => {
    const response = await put(acme, "tenant", "version: 1\nname: bad\nshell:\n  alow: []\n");
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; line: number; field: string };
    expect(body.line).toBe(4);
    expect(body.error).toMatch(/alow/);
    const versions = await exports.default.fetch(api(acme, "/policies/tenant/versions"));
    expect(await versions.json()).toEqual({ versions: [] });
    expect(await auditActions("acme")).toEqual([]);
  });

  it("refuses a malformed scope and an unknown agent", async () => {
    expect((await put(acme, "everyone", BLOCK_CAT)).status).toBe(400);
    expect((await put(acme, "agent:nobody", BLOCK_CAT)).status).toBe(404);
  });

  it("stores each change as a new version and audits it", async () => {
    expect((await put(acme, "tenant", BLOCK_CAT)).status).toBe(201);
    const second = await put(acme, "tenant", BLOCK_CAT.replace("private", "very private"));
    expect(await second.json()).toMatchObject({ scope: "tenant", version: 2 });
    const versions = (await (await exports.default.fetch(api(acme, "/policies/tenant/versions"))).json()) as {
      versions: Array<{ version: number; createdBy: string }>;
    };
    expect(versions.versions.map((v) => [v.version, v.createdBy])).toEqual([
      [2, "api:admin"],
      [1, "api:admin"],
    ]);
    expect(await auditActions("acme")).toEqual([
      { action: "policy.updated", subject_id: "tenant@1" },
      { action: "policy.updated", subject_id: "tenant@2" },
    ]);
  });

  it("puts the tenant's overlay in force on the next turn: its block rule denies", async () => {
    const result = await threadTurn(acme, 1, "run cat notes.txt");
    expect(result.reply).toMatch(/denied by acme-no-cat: .*acme keeps its notes very private/);
  });

  it("leaves other tenants on the default policy", async () => {
    const result = await threadTurn(globex, 2, "run cat notes.txt");
    expect(result.reply).not.toMatch(/denied/);
    expect(result.reply).toMatch(/exit 1/);
  });

  it("lets an agent overlay escalate what the default allows into a proposal", async () => {
    const noReason = await put(
      globex,
      "agent:operations",
      "version: 1\nshell:\n  ask:\n    - { program: ls }\n",
    );
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ line: 4, field: "shell.ask.0.reason" });
    const askLs =
      "version: 1\nshell:\n  ask:\n    - { id: globex-ask-ls, program: ls, reason: listings are shared }\n";
    expect((await put(globex, "agent:operations", askLs)).status).toBe(201);
    const result = await threadTurn(globex, 3, "run ls");
    expect(result.proposals).toHaveLength(1);
    const proposal = await env.DB.prepare(
      "SELECT rule, status FROM proposals WHERE tenant_id = 'globex'",
    ).first();
    expect(proposal).toEqual({ rule: "globex-ask-ls", status: "pending" });
  });
});
