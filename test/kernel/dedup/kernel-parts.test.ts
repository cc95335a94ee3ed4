import { describe, expect, it } from "vitest";
import { argumentsSimilarity, MemoryDedupStore, resolveDedupConfig } from "../../../kernel/dedup/index";
import { estimateJaccard, minhashSignature } from "../../../kernel/dedup/minhash";
import {
  jaccard,
  nameDifferent,
  nameTokens,
  normalizedText,
  termConflict,
} from "../../../kernel/dedup/normalize";

describe("normalisation", () => {
  it("ignores case, accents, forwarding prefixes, filler words and word endings", () => {
    expect(normalizedText("FWD: Please chase the invoices for Café Olé!")).toBe(
      normalizedText("chasing invoice cafe ole"),
    );
  });

  it("finds identifiers and names, and tells different ones apart", () => {
    expect([...nameTokens("Chase Mrs Okafor about INV-1042 by 3rd December")].sort()).toEqual(
      ["3-dec", "inv-1042", "okafor"].sort(),
    );
    const a = nameTokens("Pay Selco invoice SE-10001 (£1,004.50)");
    const b = nameTokens("Pay Selco invoice SE-20002 (£1,004.50)");
    expect(nameDifferent(a, b)).toBe(true);
    expect(nameDifferent(a, nameTokens("Settle Selco's bill SE-10001"))).toBe(false);
  });

  it("keeps versions whole, reads a house number and its street as one identifier, and a leading possessive as a name", () => {
    expect(nameTokens("Release v1.9.8 of the client portal").has("v1.9.8")).toBe(true);
    expect(nameDifferent(nameTokens("Deploy v1.9.8"), nameTokens("Deploy v1.1.4"))).toBe(true);
    expect(nameTokens("Inspect the scaffold at 8 Quarry Close").has("8 quarry close")).toBe(true);
    expect(nameTokens("Marcus's first aid certificate expires soon").has("marcu")).toBe(true);
    expect(nameTokens("Book the renewal").size).toBe(0);
    // An address and a date both read "number word": they are kinds apart, so a shared address
    // does not hide a different date.
    const visit = (date: string) => nameTokens(`Confirming our visit at 17 Ropewalk on ${date}`);
    expect(nameDifferent(visit("21 December"), visit("3 December"))).toBe(true);
  });

  it("tells two members of one term class apart: trades, spaces, certificates", () => {
    const tokens = (text: string) => new Set(normalizedText(text).split(" "));
    const roofer = tokens("Book a roofer for the kitchen extension on 18 December");
    expect(
      termConflict(roofer, tokens("We need a plasterer on the kitchen extension, please book one")),
    ).toBe(true);
    expect(termConflict(roofer, tokens("Get a roofer booked in for the kitchen extension"))).toBe(false);
    expect(
      termConflict(tokens("Post about the loft conversion"), tokens("Post about the kitchen extension")),
    ).toBe(true);
    // Only a class both sides mention can conflict.
    expect(termConflict(roofer, tokens("Book someone for the kitchen extension"))).toBe(false);
  });
});

describe("MinHash", () => {
  it("estimates Jaccard within a few hundredths and is deterministic", () => {
    const a = new Set(Array.from({ length: 60 }, (_, i) => `w${i}`));
    const b = new Set(Array.from({ length: 60 }, (_, i) => `w${i + 20}`));
    const truth = jaccard(a, b);
    const estimate = estimateJaccard(minhashSignature(a, 512), minhashSignature(b, 512));
    expect(Math.abs(estimate - truth)).toBeLessThan(0.08);
    expect(minhashSignature(a, 64)).toEqual(minhashSignature(new Set([...a].reverse()), 64));
  });
});

describe("proposal arguments", () => {
  it("lets the least similar argument decide", () => {
    expect(
      argumentsSimilarity('{"trade":"roofer","date":"3 Dec"}', '{"date":"3 Dec","trade":"roofer"}'),
    ).toBe(1);
    expect(
      argumentsSimilarity('{"trade":"roofer","date":"3 Dec"}', '{"date":"3 Dec","trade":"plasterer"}'),
    ).toBe(0);
    expect(argumentsSimilarity('{"trade":"roofer"}', '{"trade":"roofer","date":"3 Dec"}')).toBe(0);
  });
});

describe("configuration", () => {
  it("has documented defaults and refuses bad values and unknown keys", () => {
    const config = resolveDedupConfig();
    expect(config).toMatchObject({
      channel: { contentWindow: "24h", contentMinChars: 24 },
      discovery: { window: "24h", textJaccard: 0.8 },
      task: { shingleJaccard: 0.55, sharedIdentifierJaccard: 0.4, embeddingCosine: 0.9 },
      proposal: { executedWindow: "1h", argsJaccard: 0.8 },
    });
    expect(resolveDedupConfig({ discovery: { window: "7d" } }).discovery.window).toBe("7d");
    expect(() => resolveDedupConfig({ discovery: { window: "a week" } })).toThrow(/duration/);
    expect(() => resolveDedupConfig({ task: { shingleJaccard: 1.5 } })).toThrow();
    expect(() => resolveDedupConfig({ task: { jaccard: 0.5 } } as never)).toThrow(/jaccard/);
  });
});

describe("MemoryDedupStore", () => {
  it("keeps tenants apart and lists newest first", async () => {
    const store = new MemoryDedupStore();
    const record = { layer: "task" as const, keys: ["k"], state: "open" as const };
    await store.put({ ...record, tenant: "a", id: "old", at: 1 });
    await store.put({ ...record, tenant: "a", id: "new", at: 2 });
    await store.put({ ...record, tenant: "b", id: "theirs", at: 3 });
    expect((await store.findByKey("a", "task", "k")).map((r) => r.id)).toEqual(["new", "old"]);
    await store.setState("a", "task", "new", "closed");
    expect((await store.listRecent("a", "task", { states: ["open"], limit: 10 })).map((r) => r.id)).toEqual([
      "old",
    ]);
  });
});
