import { describe, expect, it } from "vitest";
import {
  linkRelatedThreads,
  linkThreadToParent,
  planThreadMerge,
} from "../../../kernel/context/thread-links";
import type { ThreadRecord } from "../../../kernel/context/threads";
import { recordFact } from "../../../kernel/memory/facts";

const thread = (threadId: string, extra: Partial<ThreadRecord> = {}): ThreadRecord => ({
  threadId,
  tenantId: "t1",
  kind: "client",
  title: threadId,
  linkedThreadIds: [],
  status: "open",
  ...extra,
});

describe("linkThreadToParent", () => {
  it("makes an invoice thread belong to its client thread", () => {
    const result = linkThreadToParent(
      [thread("client"), thread("inv", { kind: "invoice" })],
      "inv",
      "client",
    );
    expect(result.ok && result.threads.find((t) => t.threadId === "inv")?.parentThreadId).toBe("client");
  });

  it("refuses cycles, tenant crossings and merged threads", () => {
    const threads = [thread("a", { parentThreadId: "b" }), thread("b"), thread("x", { tenantId: "t2" })];
    expect(linkThreadToParent(threads, "b", "a")).toEqual({ ok: false, reason: "link would make a cycle" });
    expect(linkThreadToParent(threads, "a", "x")).toMatchObject({ ok: false });
    expect(linkThreadToParent([thread("m", { status: "merged" }), thread("c")], "m", "c")).toMatchObject({
      ok: false,
    });
  });

  it("links related threads on both sides, once", () => {
    const first = linkRelatedThreads([thread("p1"), thread("p2")], "p1", "p2");
    const again = first.ok ? linkRelatedThreads(first.threads, "p2", "p1") : first;
    expect(again.ok && again.threads.map((t) => t.linkedThreadIds)).toEqual([["p2"], ["p1"]]);
  });
});

describe("planThreadMerge", () => {
  const threads = [
    thread("dup", { kind: "conversation", linkedThreadIds: ["proj"] }),
    thread("acme"),
    thread("inv", { kind: "invoice", parentThreadId: "dup" }),
    thread("proj", { kind: "project", linkedThreadIds: ["dup"] }),
  ];
  const factOf = (subjectId: string, value: string, at: number, id: string) =>
    recordFact({}, { subjectId, attribute: "contact", value, observedAt: at, sourceMessageId: id }).facts;

  const result = planThreadMerge({
    threads,
    sourceThreadId: "dup",
    targetThreadId: "acme",
    source: {
      messageIds: ["m1", "m2"],
      facts: factOf("c-acme", "Ana", 200, "m2"),
      platformKeys: ["slack:C1:1"],
      references: [],
    },
    target: {
      messageIds: ["m2", "m3"],
      facts: factOf("c-acme", "Bo", 100, "m3"),
      platformKeys: [],
      references: [],
    },
    actor: "user:ana",
    reason: "same client",
    at: 1_000,
    auditId: "audit-1",
  });

  it("marks the source merged, forwards its children and links, and merges facts", () => {
    if (!result.ok) throw new Error(result.reason);
    const byId = new Map(result.plan.threads.map((t) => [t.threadId, t]));
    expect(byId.get("dup")).toMatchObject({ status: "merged", mergedInto: "acme" });
    expect(byId.get("inv")?.parentThreadId).toBe("acme");
    expect(byId.get("proj")?.linkedThreadIds).toEqual(["acme"]);
    expect(byId.get("acme")?.linkedThreadIds).toEqual(["proj"]);
    expect(result.plan.targetFacts["c-acme/contact"]?.current.value).toBe("Ana");
  });

  it("records an audit entry of exactly what moves", () => {
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.audit).toMatchObject({
      auditId: "audit-1",
      tenantId: "t1",
      action: "thread.merge",
      actor: "user:ana",
      sourceThreadId: "dup",
      targetThreadId: "acme",
      movedMessageIds: ["m1"],
      movedPlatformKeys: ["slack:C1:1"],
      reparentedThreadIds: ["inv"],
      factConflicts: [{ factId: "c-acme/contact", kept: { value: "Ana" }, superseded: { value: "Bo" } }],
    });
  });

  it("refuses to merge into a merged thread or into itself", () => {
    const base = {
      source: { messageIds: [], facts: {}, platformKeys: [], references: [] },
      actor: "a",
      reason: "r",
      at: 0,
      auditId: "x",
    };
    const merged = [thread("a", { status: "merged", mergedInto: "b" }), thread("b")];
    expect(
      planThreadMerge({
        ...base,
        target: base.source,
        threads: merged,
        sourceThreadId: "b",
        targetThreadId: "a",
      }),
    ).toMatchObject({ ok: false });
    expect(
      planThreadMerge({
        ...base,
        target: base.source,
        threads: merged,
        sourceThreadId: "b",
        targetThreadId: "b",
      }),
    ).toMatchObject({ ok: false });
  });
});
