/**
 * The layer rules of docs/architecture.md ("Layers"), as data. Each rule says which files it
 * governs and which imports those files may make; `violations` names every import that breaks it.
 */
import type { ImportEdge } from "./import-graph";

export interface LayerRule {
  name: string;
  /** The importing files the rule governs. */
  governs: (file: string) => boolean;
  /** True when the import is allowed. */
  allows: (edge: ImportEdge) => boolean;
  /** Type-only imports are erased at run time; most rules still count them (they couple the code). */
  ignoreTypeOnly?: boolean;
}

const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
const isPackage = (edge: ImportEdge, packages: string[]) =>
  !edge.local && packages.some((p) => edge.to === p || edge.to.startsWith(`${p}/`));
/** `channels/telegram/bot-api.ts` → `telegram`; undefined for files of `channels/` itself. */
const platformFolderOf = (file: string) => /^channels\/([^/]+)\//.exec(file)?.[1];

/** The pure libraries the kernel may use: parsers and validators, no I/O, no SDKs. */
export const KERNEL_PACKAGES = ["zod", "yaml", "croner", "just-bash", "libphonenumber-js"];

export const LAYER_RULES: LayerRule[] = [
  {
    name: "kernel/ imports only kernel/ and its pure libraries",
    governs: under("kernel"),
    allows: (e) => (e.local ? e.to.startsWith("kernel/") : isPackage(e, KERNEL_PACKAGES)),
  },
  {
    name: "db/ imports only db/ and drizzle-orm (no feature code)",
    governs: under("db"),
    allows: (e) => (e.local ? e.to.startsWith("db/") : isPackage(e, ["drizzle-orm"])),
  },
  {
    name: "channels/ imports only channels/ and kernel/ (platform code talks to the rest through ports)",
    governs: under("channels"),
    allows: (e) => !e.local || e.to.startsWith("channels/") || e.to.startsWith("kernel/"),
  },
  {
    // Benchmarks and scripts that play a platform (sign a Slack request, build Telegram keys) may.
    name: "a platform's folder is imported only from itself and the channel registry",
    governs: (f) => !under("bench")(f) && !under("scripts")(f),
    allows: (e) => {
      const platform = platformFolderOf(e.to);
      if (!e.local || platform === undefined) return true;
      return platformFolderOf(e.from) === platform || e.from === "channels/registry.ts";
    },
  },
  {
    name: "providers/ and tools/ import no Durable Object, worker or runtime code",
    governs: (f) => under("providers")(f) || under("tools")(f),
    allows: (e) => !e.local || !/^(durable-objects|workers|runtime)\//.test(e.to),
  },
  {
    name: "runtime/ imports no Durable Object internals or workers (it is used by them)",
    governs: under("runtime"),
    allows: (e) =>
      !e.local ||
      (!e.to.startsWith("workers/") &&
        (!e.to.startsWith("durable-objects/") || e.to === "durable-objects/stubs.ts")),
    // It is handed the objects' storage (a ThreadStore, a RateVerdict) and may name those types.
    ignoreTypeOnly: true,
  },
  {
    // The turn engine lives in runtime/; an object's folder keeps its storage, which runs no turn.
    name: "a Durable Object's folder holds its class and its storage: the storage imports no runtime/ or workers/ code",
    governs: (f) => /^durable-objects\/[^/]+\//.test(f) && !/^durable-objects\/([^/]+)\/\1\.ts$/.test(f),
    allows: (e) => !e.local || !/^(runtime|workers)\//.test(e.to),
    ignoreTypeOnly: true,
  },
  {
    name: "nothing but the worker and scripts imports workers/",
    governs: (f) => !under("workers")(f) && !under("scripts")(f) && !under("bench")(f),
    allows: (e) => !e.local || !e.to.startsWith("workers/"),
  },
  {
    name: "outside durable-objects/, only the stubs and the entry point reach a Durable Object",
    governs: (f) => !under("durable-objects")(f),
    allows: (e) =>
      !e.local ||
      !e.to.startsWith("durable-objects/") ||
      e.to === "durable-objects/stubs.ts" ||
      e.from === "workers/index.ts",
    ignoreTypeOnly: true,
  },
];

export function violations(edges: ImportEdge[], rule: LayerRule): string[] {
  return edges
    .filter((e) => rule.governs(e.from) && !(rule.ignoreTypeOnly && e.typeOnly) && !rule.allows(e))
    .map((e) => `${e.from} imports "${e.specifier}"${e.local ? ` (${e.to})` : ""}`);
}
