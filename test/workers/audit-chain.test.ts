/**
 * The audit chain end to end: entries written by the normal paths (chat turns in a thread, a
 * proposal and its rejection, policy changes through the admin API, the Tenant object's dedup
 * verdicts) are sealed into one chain per writer, `GET /api/audit/verify` finds them intact, and
 * rows edited, deleted, reordered and inserted directly in D1 — and a chain cut at its end — are
 * each named by kind, chain, seq and row.
 */
import { env, exports } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditVerification } from "../../kernel/audit/verify-chains";
import { createFakeTelegram } from "./fake-telegram";
import { api, seedTenant, type TestTenant } from "./fixtures";
import { drainOutbox } from "./outbox-drain";
import { threadTurn } from "./thread-turn";

let acme: TestTenant;
let globex: TestTenant;
let telegram: ReturnType<typeof createFakeTelegram>;

const THREAD = "thread:acme:telegram:42";

interface ChainRow {
  id: string;
  writer: string | null;
  seq: number | null;
  prev_hash: string | null;
  hash: string | null;
  action: string;
}

async function rows(tenantId: string): Promise<ChainRow[]> {
  const { results } = await env.DB.prepare(
    "SELECT id, writer, seq, prev_hash, hash, action FROM audit_log WHERE tenant_id = ? ORDER BY writer, seq",
  )
    .bind(tenantId)
    .all<ChainRow>();
  return results;
}

async function verify(tenant: TestTenant): Promise<AuditVerification> {
  const response = await exports.default.fetch(api(tenant, "/audit/verify"));
  expect(response.status).toBe(200);
  return (await response.json()) as AuditVerification;
}

const putPolicy = (tenant: TestTenant, scope: string, body: string) =>
  exports.default.fetch(
    api(tenant, `/policies/${scope}`, { method: "PUT", body, headers: { "content-type": "text/yaml" } }),
  );

const ASK_LS =
  "version: 1\nshell:\n  ask:\n    - { id: acme-ask-ls, program: ls, reason: listings are shared }\n";

beforeAll(async () => {
  acme = await seedTenant("acme");
  globex = await seedTenant("globex");
  telegram = createFakeTelegram([acme.botToken, globex.botToken]);
  telegram.server.listen();
});
afterAll(async () => {
  await drainOutbox();
  telegram.server.close();
});

describe("audit chain", () => {
  it("seals every entry written by the normal paths into its writer's chain, and verifies clean", async () => {
    for (let i = 1; i <= 4; i++) await threadTurn(acme, i, `run echo entry ${i}`);
    expect((await putPolicy(acme, "agent:operations", ASK_LS)).status).toBe(201);
    const asked = await threadTurn(acme, 5, "run ls");
    expect(asked.proposals).toHaveLength(1);
    const proposal = await env.DB.prepare("SELECT id FROM proposals WHERE tenant_id = 'acme'").first<{
      id: string;
    }>();
    const rejected = await exports.default.fetch(
      api(acme, `/proposals/${proposal!.id}/reject`, {
        method: "POST",
        body: JSON.stringify({ reason: "not now" }),
        headers: { "content-type": "application/json" },
      }),
    );
    expect(rejected.status).toBe(200);
    expect((await putPolicy(acme, "tenant", "version: 1\nname: acme\n")).status).toBe(201);
    expect((await putPolicy(globex, "tenant", "version: 1\nname: globex\n")).status).toBe(201);
    await drainOutbox();

    const stored = await rows("acme");
    // Every row is chained; each writer's seqs run 1..n, each prev_hash is the previous hash.
    expect(stored.filter((row) => row.hash === null)).toEqual([]);
    const writers = [...new Set(stored.map((row) => row.writer))].sort();
    expect(writers).toEqual(["api", "tenant", THREAD]);
    for (const writer of writers) {
      const chain = stored.filter((row) => row.writer === writer);
      expect(chain.map((row) => row.seq)).toEqual(chain.map((_, i) => i + 1));
      expect(chain.map((row) => row.prev_hash)).toEqual([
        "0".repeat(64),
        ...chain.slice(0, -1).map((r) => r.hash),
      ]);
    }
    // The API chain holds the policy changes and the rejection, in the order they were made.
    expect(stored.filter((row) => row.writer === "api").map((row) => row.action)).toEqual([
      "policy.updated",
      "proposal.rejected",
      "policy.updated",
    ]);
    expect(stored.filter((row) => row.writer === THREAD).length).toBeGreaterThanOrEqual(8);

    const report = await verify(acme);
    expect(report).toMatchObject({ tenantId: "acme", ok: true, unchained: 0, breaks: [] });
    expect(report.entries).toBe(stored.length);
    expect(report.chains.map((chain) => [chain.writer, chain.entries, chain.anchoredSeq, chain.ok])).toEqual(
      writers.map((writer) => {
        const n = stored.filter((row) => row.writer === writer).length;
        return [writer, n, n, true];
      }),
    );
  });

  it("names each edit, deletion, reordering, insertion and truncation made directly in D1", async () => {
    const thread = (await rows("acme")).filter((row) => row.writer === THREAD);
    const at = (seq: number) => thread[seq - 1]!;
    const api_ = (await rows("acme")).filter((row) => row.writer === "api");

    // edited: seq 2's detail rewritten
    await env.DB.prepare(`UPDATE audit_log SET detail = '{"effect":"allow"}' WHERE id = ?`)
      .bind(at(2).id)
      .run();
    // deleted: seq 4 removed
    await env.DB.prepare("DELETE FROM audit_log WHERE id = ?").bind(at(4).id).run();
    // reordered: seqs 6 and 7 swapped (through a free seq: the chain's positions are unique)
    await env.DB.batch([
      env.DB.prepare("UPDATE audit_log SET seq = -7 WHERE id = ?").bind(at(7).id),
      env.DB.prepare("UPDATE audit_log SET seq = 7 WHERE id = ?").bind(at(6).id),
      env.DB.prepare("UPDATE audit_log SET seq = 6 WHERE id = ?").bind(at(7).id),
    ]);
    // inserted: a row written straight into D1, as a writer without the chain would
    await env.DB.prepare(
      `INSERT INTO audit_log (id, tenant_id, at, actor, action, subject_type, subject_id, detail)
       VALUES ('aud_forged', 'acme', ?, 'user:telegram:777000111', 'proposal.approved', 'proposal', 'prop_x', '{}')`,
    )
      .bind(Date.now())
      .run();
    // truncated: the API chain's last entry removed
    await env.DB.prepare("DELETE FROM audit_log WHERE id = ?")
      .bind(api_[api_.length - 1]!.id)
      .run();

    const report = await verify(acme);
    expect(report.ok).toBe(false);
    expect(report.breaks.map(({ kind, writer, seq, id }) => ({ kind, writer, seq, id }))).toEqual([
      { kind: "inserted", writer: null, seq: null, id: "aud_forged" },
      { kind: "truncated", writer: "api", seq: 3, id: null },
      { kind: "edited", writer: THREAD, seq: 2, id: at(2).id },
      { kind: "deleted", writer: THREAD, seq: 4, id: null },
      { kind: "reordered", writer: THREAD, seq: 6, id: at(7).id },
      { kind: "reordered", writer: THREAD, seq: 7, id: at(6).id },
    ]);
    expect(report.chains.find((chain) => chain.writer === "tenant")?.ok).toBe(true);

    // Another tenant's chains are untouched by all of it.
    expect(await verify(globex)).toMatchObject({ tenantId: "globex", ok: true, breaks: [] });
  });

  it("keeps chaining after the breaks: new entries extend the anchored head, not the damaged tail", async () => {
    const before = (await rows("acme")).filter((row) => row.writer === "api");
    expect((await putPolicy(acme, "tenant", "version: 1\nname: acme-2\n")).status).toBe(201);
    const after = (await rows("acme")).filter((row) => row.writer === "api");
    const added = after.find((row) => !before.some((b) => b.id === row.id))!;
    // seq 3 was deleted from D1, but the anchored head is seq 3: the next entry is seq 4.
    expect(added.seq).toBe(4);
    const report = await verify(acme);
    expect(report.breaks.filter((b) => b.writer === "api").map((b) => [b.kind, b.seq])).toEqual([
      ["deleted", 3],
    ]);
  });
});
