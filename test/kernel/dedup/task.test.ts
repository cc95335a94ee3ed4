import { describe, expect, it } from "vitest";
import { closeTaskForDedup, dedupTask, type NewTask, taskMergeComment } from "../../../kernel/dedup/index";
import { freshContext, hours, t0 } from "./helpers";

const quote: NewTask = {
  tenant: "acme",
  id: "t1",
  text: "Send the revised kitchen extension quote to the Hendersons",
  entity: "client:hendersons",
  at: t0,
};

describe("task layer", () => {
  it("merges a task with the same dedup key into the open one", async () => {
    const context = freshContext();
    await dedupTask(context, { ...quote, key: "quote:hendersons:kitchen" });
    const again = await dedupTask(context, {
      ...quote,
      id: "t2",
      text: "anything at all",
      key: "quote:hendersons:kitchen",
    });
    expect(again).toMatchObject({ duplicate: true, of: "t1", layer: "task", action: "merge", score: 1 });
    expect(again.reason).toMatch(/same dedup key/);
  });

  it("merges a reworded task, with the score and the threshold in the reason", async () => {
    const context = freshContext();
    await dedupTask(context, quote);
    const verdict = await dedupTask(context, {
      ...quote,
      id: "t2",
      text: "Email the Hendersons the updated quotation for the kitchen extension with the drawings",
    });
    expect(verdict).toMatchObject({ duplicate: true, of: "t1", action: "merge" });
    expect(verdict.score).toBeGreaterThanOrEqual(0.55);
    expect(verdict.reason).toMatch(/Jaccard 0\.\d\d ≥ 0\.55/);
    expect(taskMergeComment(verdict, { id: "t2", text: "Email the Hendersons" })).toMatch(
      /^Merged duplicate task t2 \(Email the Hendersons\): .*open task t1\.$/,
    );
  });

  it("keeps different work on the same entity apart", async () => {
    const context = freshContext();
    await dedupTask(context, quote);
    const visit = { ...quote, id: "t2", text: "Book a site visit with the Hendersons at 14 Elm Road" };
    expect((await dedupTask(context, visit)).duplicate).toBe(false);
  });

  it("keeps alike wording about different entities, named or in the text, apart", async () => {
    const context = freshContext();
    await dedupTask(context, {
      ...quote,
      entity: undefined,
      text: "Chase Mrs Okafor for payment of invoice INV-1042",
    });
    const otherInvoice = {
      ...quote,
      id: "t2",
      entity: undefined,
      text: "Chase Mrs Okafor for payment of invoice INV-1043",
    };
    expect((await dedupTask(context, otherInvoice)).duplicate).toBe(false);
    const otherClient = { ...quote, id: "t3", entity: "client:patel" };
    await dedupTask(context, quote);
    expect((await dedupTask(context, otherClient)).duplicate).toBe(false);
  });

  it("stops matching a task once it is closed", async () => {
    const context = freshContext();
    await dedupTask(context, quote);
    await closeTaskForDedup(context, "acme", "t1");
    expect((await dedupTask(context, { ...quote, id: "t2", at: hours(48) })).duplicate).toBe(false);
  });

  it("follows the configured threshold", async () => {
    const reworded = {
      ...quote,
      id: "t2",
      text: "Email the Hendersons the updated quotation for the kitchen extension with the drawings",
    };
    const strict = freshContext({ task: { shingleJaccard: 0.95 } });
    await dedupTask(strict, quote);
    expect((await dedupTask(strict, reworded)).duplicate).toBe(false);
    const lenient = freshContext({ task: { shingleJaccard: 0.3 } });
    await dedupTask(lenient, quote);
    expect((await dedupTask(lenient, reworded)).duplicate).toBe(true);
  });

  it("uses an injected embedding function for meaning that shares no words", async () => {
    // A toy embedding: two fixed directions, so the test controls what is "the same meaning".
    const embed = async (texts: string[]) =>
      texts.map((text) => (/loo|toilet|wc/i.test(text) ? [1, 0.05] : [0.05, 1]));
    const context = freshContext({}, embed);
    await dedupTask(context, { ...quote, entity: "site:flat-3", text: "Repair the broken toilet in flat 3" });
    const sameMeaning = {
      ...quote,
      id: "t2",
      entity: "site:flat-3",
      text: "WC out of order, plumber needed",
    };
    const verdict = await dedupTask(context, sameMeaning);
    expect(verdict).toMatchObject({ duplicate: true, of: "t1" });
    expect(verdict.reason).toMatch(/embedding cosine/);
    const unrelated = { ...quote, id: "t3", entity: "site:flat-3", text: "Paint the hallway" };
    expect((await dedupTask(context, unrelated)).duplicate).toBe(false);
  });

  it("lets two agents racing on the same work create one task", async () => {
    const context = freshContext();
    const verdicts = [];
    for (const agent of ["finance", "operations"]) {
      verdicts.push(await dedupTask(context, { ...quote, id: `${agent}-task`, key: "quote:hendersons" }));
    }
    expect(verdicts.map((v) => v.duplicate)).toEqual([false, true]);
    expect(verdicts[1]?.of).toBe("finance-task");
  });

  it("never merges across tenants", async () => {
    const context = freshContext();
    await dedupTask(context, quote);
    expect((await dedupTask(context, { ...quote, id: "t2", tenant: "other" })).duplicate).toBe(false);
  });
});
