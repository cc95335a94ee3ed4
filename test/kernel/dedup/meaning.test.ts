import { describe, expect, it } from "vitest";
import {
  compareMeaning,
  createDedupContext,
  dedupProposal,
  dedupTask,
  MemoryDedupStore,
  meaningTerms,
  resolveDedupConfig,
  type WordMeaning,
} from "../../../kernel/dedup/index";
import { offlineWordMeaning } from "../../../providers/embeddings/offline-word-vectors";
import { minutes, t0 } from "./helpers";

const words = offlineWordMeaning();
const withMeaning = () => createDedupContext(new MemoryDedupStore(), {}, { words });

async function fileBoth(first: string, second: string) {
  const context = withMeaning();
  await dedupTask(context, { tenant: "acme", id: "t1", text: first, at: t0 });
  return dedupTask(context, { tenant: "acme", id: "t2", text: second, at: minutes(30) });
}

describe("task layer on meaning", () => {
  it("merges the same request worded with other verbs", async () => {
    const verdict = await fileBoth(
      "Phone Dana Whitfield about the unpaid storage invoice",
      "Ring Dana Whitfield regarding her unpaid storage invoice",
    );
    expect(verdict).toMatchObject({ duplicate: true, of: "t1", action: "merge" });
  });

  it("keeps apart a request that names another thing of the same kind", async () => {
    const verdict = await fileBoth(
      "Get the walk-in fridge in the back kitchen serviced",
      "Get the walk-in freezer in the back kitchen serviced",
    );
    expect(verdict.duplicate).toBe(false);
    expect(verdict.reason).toMatch(
      /kept apart from open task t1, which names "fridge" where this names "freezer"/,
    );
  });

  it("keeps apart other quantities, dates and documents", async () => {
    expect(
      (await fileBoth("Order 12 bags of gravel for the yard", "Order 20 bags of gravel for the yard"))
        .duplicate,
    ).toBe(false);
    expect(
      (
        await fileBoth(
          "Book the boardroom for the Tuesday review",
          "Book the boardroom for the Thursday review",
        )
      ).duplicate,
    ).toBe(false);
    expect(
      (await fileBoth("Email the signed contract to Pell & Co", "Email the signed invoice to Pell & Co"))
        .duplicate,
    ).toBe(false);
  });

  it("without word meanings behaves as before (nothing to align)", async () => {
    const context = createDedupContext(new MemoryDedupStore());
    await dedupTask(context, {
      tenant: "acme",
      id: "t1",
      text: "Get the walk-in fridge in the back kitchen serviced",
      at: t0,
    });
    const verdict = await dedupTask(context, {
      tenant: "acme",
      id: "t2",
      text: "Get the walk-in freezer in the back kitchen serviced",
      at: minutes(1),
    });
    // Lexically these are near-identical: only meaning can tell them apart.
    expect(verdict.duplicate).toBe(true);
  });
});

describe("proposal layer on meaning", () => {
  const reminder = (id: string, text: string, at: number) => ({
    tenant: "acme",
    id,
    action: "send_message",
    target: "client:pell",
    argumentsText: JSON.stringify({ to: "accounts@pell.example", text }),
    at,
  });

  it("merges a second reminder worded differently, but not one about another invoice", async () => {
    const context = withMeaning();
    await dedupProposal(
      context,
      reminder("p1", "Reminder: invoice PL-881 for £900 is still unpaid, please settle it.", t0),
    );
    const second = await dedupProposal(
      context,
      reminder(
        "p2",
        "Just chasing payment of PL-881 (£900), which is past due. Could you settle it?",
        minutes(40),
      ),
    );
    expect(second).toMatchObject({ duplicate: true, of: "p1", action: "merge" });
    const other = await dedupProposal(
      context,
      reminder("p3", "Reminder: invoice PL-902 for £450 is still unpaid, please settle it.", minutes(50)),
    );
    expect(other.duplicate).toBe(false);
  });
});

describe("compareMeaning", () => {
  const options = resolveDedupConfig().meaning;
  it("scores identical texts 1 and unrelated texts low", () => {
    const a = meaningTerms("Reconcile the October bank statement");
    expect(compareMeaning(a, a, words, options).score).toBeCloseTo(1, 6);
    const b = meaningTerms("Plant tulips along the garden path");
    expect(compareMeaning(a, b, words, options).score).toBeLessThan(0.3);
  });

  it("reads the opening verb as the request's wording, never as a slot", () => {
    const terms = meaningTerms("Trim the hedges; then to rake the leaves");
    expect(terms.filter((t) => t.action).map((t) => t.word)).toEqual(["trim", "rake"]);
  });

  it("works with any injected word model", () => {
    const toy: WordMeaning = {
      vector: (word) => ({ cat: [1, 0], dog: [0.8, 0.6] })[word],
      weight: () => 1,
    };
    const result = compareMeaning(meaningTerms("feed the cat"), meaningTerms("feed the dog"), toy, options);
    expect(result.conflict).toMatchObject({ kind: "slot", ours: "cat", theirs: "dog" });
  });
});
