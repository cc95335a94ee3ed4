/**
 * The layer rules of docs/architecture.md, checked over the import graph of the source tree.
 * A broken rule fails with the importing file, the import as written, and the rule it breaks.
 */
import { describe, expect, it } from "vitest";
import { channelPlatforms } from "../../../channels/registry";
import { cyclesOf, type ImportEdge, importGraph, sourceFiles, stringLiteralsOf } from "./import-graph";
import { LAYER_RULES, violations } from "./layer-rules";

const edges = importGraph();

describe("the source tree's layers", () => {
  it("reads a graph large enough to mean something", () => {
    expect(sourceFiles().length).toBeGreaterThan(200);
    expect(edges.filter((e) => e.local).length).toBeGreaterThan(500);
  });

  it("writes relative imports one way: without a file extension", () => {
    const suffixed = edges.filter((e) => e.specifier.startsWith(".") && /\.(js|ts)$/.test(e.specifier));
    expect(suffixed.map((e) => `${e.from} imports "${e.specifier}"`)).toEqual([]);
  });

  it("has no unresolved relative import", () => {
    const unresolved = edges.filter((e) => e.specifier.startsWith(".") && !e.local);
    expect(unresolved.map((e) => `${e.from} imports "${e.specifier}", which is no file`)).toEqual([]);
  });

  for (const rule of LAYER_RULES) {
    it(rule.name, () => {
      expect(violations(edges, rule)).toEqual([]);
    });
  }

  it("names a platform only inside channels/<platform>/ (code outside asks the registry)", () => {
    // The running system's layers; benchmarks and scripts may play a platform on purpose.
    const governed = sourceFiles().filter((f) =>
      /^(workers|durable-objects|runtime|kernel|db|tools|providers|channels)\//.test(f),
    );
    const platforms = channelPlatforms();
    // A platform id that is an everyday English word ("line" of a log, a command line) is looked
    // for in the forms that name the platform: the id alone, a key or queue kind prefix
    // (`line:`, `line.event`), a path segment (`/line/`). Every other id is looked for as a word.
    const everydayWords = new Set(["line"]);
    const namesPlatform = (p: string) =>
      everydayWords.has(p)
        ? new RegExp(`^${p}$|(^|[^a-z])${p}[:.][a-z0-9_]|/${p}(/|$)`)
        : new RegExp(`(^|[^a-z])${p}([^a-z]|$)`);
    // Stored names, kept on purpose: renaming a table is a migration that buys nothing.
    const kept = new Set(["db/schema-channels.ts:slack_installations"]);
    // Not channel code: a vendor list of key formats (a Slack token is a secret wherever it
    // appears) and generated vocabulary data.
    const notChannelCode = new Set([
      "kernel/privacy/secrets/provider-rules.ts",
      "providers/embeddings/word-vectors/vectors.generated.ts",
    ]);
    const named = governed
      .filter((file) => !notChannelCode.has(file))
      .flatMap((file) => {
        const own = /^channels\/([^/]+)\//.exec(file)?.[1];
        return stringLiteralsOf(file)
          .filter(({ text }) => !kept.has(`${file}:${text}`))
          .filter(({ text }) => platforms.some((p) => p !== own && namesPlatform(p).test(text)))
          .map(({ text, line }) => `${file}:${line} names a platform in "${text.slice(0, 60)}"`);
      });
    expect(named).toEqual([]);
  });

  it("has no import cycle", () => {
    const cycles = cyclesOf(edges).map((files) => {
      const inCycle = new Set(files);
      const links = edges.filter((e: ImportEdge) => e.local && inCycle.has(e.from) && inCycle.has(e.to));
      return `cycle of ${files.length}: ${links.map((e) => `${e.from} → ${e.to}`).join(", ")}`;
    });
    expect(cycles).toEqual([]);
  });
});

describe("the rules catch what they are for", () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({
    from,
    to,
    specifier: `./${to}`,
    typeOnly,
    local: true,
  });
  const rule = (name: string) => {
    const found = LAYER_RULES.find((r) => r.name.startsWith(name));
    if (!found) throw new Error(`no rule "${name}"`);
    return found;
  };

  it("keeps turn work out of a Durable Object's folder (its class may use the engine)", () => {
    const storage = rule("a Durable Object's folder holds its class and its storage");
    const planted = [
      edge("durable-objects/context-thread/thread-store.ts", "runtime/turn/turn-engine.ts"),
      edge("durable-objects/tenant/send-pacer.ts", "workers/queues/outbound.ts"),
      // Allowed: the class itself, and a type the storage names.
      edge("durable-objects/context-thread/context-thread.ts", "runtime/threads/thread-host.ts"),
      edge("durable-objects/tenant/tenant-dedup.ts", "runtime/tenant-rpc-types.ts", true),
    ];
    expect(violations(planted, storage)).toEqual([
      'durable-objects/context-thread/thread-store.ts imports "./runtime/turn/turn-engine.ts" (runtime/turn/turn-engine.ts)',
      'durable-objects/tenant/send-pacer.ts imports "./workers/queues/outbound.ts" (workers/queues/outbound.ts)',
    ]);
  });

  it("keeps the kernel pure and runtime/ off the objects' internals", () => {
    expect(
      violations(
        [edge("kernel/routing/tenant-settings.ts", "providers/provider-config.ts")],
        rule("kernel/"),
      ),
    ).toHaveLength(1);
    expect(
      violations(
        [edge("runtime/threads/thread-host.ts", "durable-objects/context-thread/thread-store.ts")],
        rule("runtime/"),
      ),
    ).toHaveLength(1);
  });
});
