/**
 * The one RPC error convention (docs/architecture.md): a Durable Object that will not serve a
 * request — another tenant's object, an invalid request, a record that is not there — answers
 * `{ refused }`, and stores nothing; only the queue's `receive` and alarms throw.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { agentLoopStub, tenantStub, threadStub } from "../../durable-objects/stubs";
import type { KnowledgeDocument } from "../../kernel/memory/knowledge-base";

const refused = (pattern: RegExp) => ({ refused: expect.stringMatching(pattern) });
const AT = Date.UTC(2026, 0, 5, 9);

describe("the Tenant object refuses another tenant's requests instead of throwing", () => {
  const acme = () => tenantStub(env, "refusals-acme");
  beforeAll(async () => {
    // The first request binds the object to its tenant.
    expect(await acme().providerCooldowns("refusals-acme")).toEqual({ cooldowns: {} });
  });

  it("answers every dedup call for another tenant with the reason", async () => {
    const other = "refusals-globex";
    const belongs = /belongs to refusals-acme, not refusals-globex/;
    expect(
      await acme().fileTask({
        tenantId: other,
        id: "task_1",
        title: "Chase INV-1",
        taskType: "chase",
        createdBy: "system",
        at: AT,
      }),
    ).toEqual(refused(belongs));
    expect(
      await acme().checkFindings([
        {
          tenant: other,
          id: "f1",
          source: "test",
          text: "INV-1 is overdue",
          at: AT,
          agentId: "a",
          actor: "agent:a",
        },
      ]),
    ).toEqual(refused(belongs));
    expect(
      await acme().checkProposal({
        tenant: other,
        id: "prop_1",
        action: "send_message",
        target: "client:x",
        argumentsText: "{}",
        at: AT,
        actor: "agent:a",
      }),
    ).toEqual(refused(belongs));
    expect(await acme().proposalFate(other, "prop_1", "executed", AT)).toEqual(refused(belongs));
    expect(await acme().closeTask(other, "task_1")).toEqual(refused(belongs));
    expect(await acme().setDedupConfig(other, {})).toEqual(refused(belongs));
    expect(
      await acme().consumeRateBudget(
        other,
        "a",
        "shell",
        [{ rule: "r", perMinute: 1, perHour: undefined, perDay: undefined }],
        AT,
      ),
    ).toEqual(refused(belongs));
    // Nothing was filed for the other tenant.
    const tasks = await env.DB.prepare("SELECT count(*) AS n FROM tasks WHERE tenant_id = ?")
      .bind(other)
      .first<{ n: number }>();
    expect(tasks?.n).toBe(0);
  });

  it("refuses an invalid request by name", async () => {
    expect(
      await acme().checkFindings([
        { tenant: "refusals-acme", id: "f1", source: "t", text: "a", at: AT, agentId: "a", actor: "agent:a" },
        {
          tenant: "refusals-other",
          id: "f2",
          source: "t",
          text: "b",
          at: AT,
          agentId: "a",
          actor: "agent:a",
        },
      ]),
    ).toEqual(refused(/findings of several tenants/));
    expect(await acme().setDedupConfig("refusals-acme", { task: { threshold: 7 } } as never)).toEqual(
      refused(/bad dedup config/),
    );
  });

  it("serves its own tenant as before", async () => {
    expect(await acme().closeTask("refusals-acme", "task_none")).toEqual({ closed: true });
  });
});

describe("a ContextThread refuses to be another tenant's thread instead of throwing", () => {
  const threadId = "refusals-acme:telegram:1";
  const thread = () => threadStub(env, threadId);

  it("answers reads, merges and knowledge for the wrong tenant or thread with the reason", async () => {
    const wrongTenant = /does not belong to tenant refusals-globex/;
    expect(await thread().snapshot("refusals-globex", threadId)).toEqual(refused(wrongTenant));
    expect(await thread().memoryFacts("refusals-globex", threadId)).toEqual(refused(wrongTenant));
    expect(await thread().mergeExport("refusals-globex", threadId)).toEqual(refused(wrongTenant));
    expect(await thread().markMerged("refusals-globex", threadId, "x")).toEqual(refused(wrongTenant));
    // Bound to its thread by its first good request, it refuses to be another one.
    expect(await thread().snapshot("refusals-acme", threadId)).toMatchObject({ threadId, messageCount: 0 });
    expect(await thread().snapshot("refusals-acme", "refusals-acme:telegram:2")).toEqual(
      refused(/this object is thread refusals-acme:telegram:1/),
    );
  });

  it("refuses a proposal it does not have and documents it cannot read", async () => {
    expect(await thread().proposalDecided("refusals-acme", "prop_missing")).toEqual(
      refused(/proposal prop_missing not found/),
    );
    const knowledge = threadStub(env, "refusals-acme:knowledge");
    expect(
      await knowledge.knowledgeIndex("refusals-acme", [{ id: 7 } as unknown as KnowledgeDocument]),
    ).toEqual(refused(/bad documents/));
  });
});

describe("an AgentLoop refuses another tenant's agent instead of throwing", () => {
  it("answers a driven cycle for the wrong tenant with the reason", async () => {
    const loop = agentLoopStub(env, "refusals-acme", "finance");
    expect(await loop.ensureScheduled("refusals-acme", "finance")).not.toHaveProperty("refused");
    expect(await loop.driveCycle("refusals-globex", "finance", AT)).toEqual(
      refused(/belongs to refusals-acme\/finance, not refusals-globex\/finance/),
    );
  });
});
