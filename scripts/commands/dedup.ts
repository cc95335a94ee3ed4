/**
 * `npm run cairn -- dedup [--json] [--config <config.json>] <events.jsonl | ->`
 *
 * Reads a stream of events, one JSON object a line
 * (`{"id","layer":"channel"|"discovery"|"task"|"proposal","tenant","text","entity"?,"key"?,"at"}`),
 * and answers per event whether it is new or a duplicate of an earlier id, through the same kernel
 * functions the Worker calls, with an in-memory store. Every line is validated before any is
 * processed: one bad line (named by number and field) and nothing is answered.
 */
import { readFileSync } from "node:fs";
import {
  createDedupContext,
  type DedupEvent,
  DedupEventError,
  dedupConfigSchema,
  dedupEvent,
  MemoryDedupStore,
  parseDedupEventLine,
} from "../../kernel/dedup/index";

export const summary = "deduplicate a JSON-lines stream of events across the four dedup layers";

export const usage = `usage: npm run cairn -- dedup [--json] [--config <file.json>] <events.jsonl | ->
  each line one event (channel, discovery, task or proposal; see docs/dedup.md); prints one
  verdict per event, with --json as {id, tenant, duplicate, layer, of?, reason, …}`;

interface Options {
  json: boolean;
  configPath?: string;
  eventsPath?: string;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--config") {
      options.configPath = args[++i];
      if (!options.configPath) return "--config needs a file";
    } else if (arg.startsWith("--")) return `unknown option ${arg}`;
    else if (options.eventsPath) return `only one events file, got "${options.eventsPath}" and "${arg}"`;
    else options.eventsPath = arg;
  }
  return options.eventsPath ? options : "give the events file (JSONL), or - for standard input";
}

function readConfig(configPath: string | undefined) {
  if (!configPath) return {};
  const result = dedupConfigSchema.safeParse(JSON.parse(readFileSync(configPath, "utf8")));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new Error(`${configPath}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
}

/** Every line validated first; ids must be unique per tenant so "duplicate of X" is unambiguous. */
function parseEvents(text: string): { events: DedupEvent[]; errors: string[] } {
  const events: DedupEvent[] = [];
  const errors: string[] = [];
  const firstLineOfId = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const event = parseDedupEventLine(line, index + 1);
      const idKey = `${event.tenant}\u0000${event.id}`;
      const earlier = firstLineOfId.get(idKey);
      if (earlier)
        throw new DedupEventError(index + 1, "id", `"${event.id}" is already used on line ${earlier}`);
      firstLineOfId.set(idKey, index + 1);
      events.push(event);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  });
  return { events, errors };
}

export async function run(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === "string") {
    console.error(`cairn dedup: ${options}\n${usage}`);
    return 2;
  }
  let input: string;
  let config: ReturnType<typeof readConfig>;
  try {
    input = readFileSync(options.eventsPath === "-" ? 0 : options.eventsPath!, "utf8");
    config = readConfig(options.configPath);
  } catch (error) {
    console.error(`cairn dedup: ${error instanceof Error ? error.message : error}`);
    return 2;
  }
  const { events, errors } = parseEvents(input);
  if (errors.length > 0) {
    for (const error of errors) console.error(`cairn dedup: ${options.eventsPath}: ${error}`);
    return 1;
  }

  // `cairn dedup … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  const context = createDedupContext(new MemoryDedupStore(), config);
  let duplicates = 0;
  for (const event of events) {
    const verdict = await dedupEvent(context, event);
    if (verdict.duplicate) duplicates++;
    if (options.json) {
      console.log(JSON.stringify({ id: event.id, tenant: event.tenant, ...verdict }));
    } else {
      const what = verdict.duplicate ? `duplicate of ${verdict.of}` : "new";
      console.log(`${event.id}\t${event.layer}\t${what}\t${verdict.reason}`);
    }
  }
  if (!options.json) console.error(`${events.length} events, ${duplicates} duplicates`);
  return 0;
}
