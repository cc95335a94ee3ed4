/**
 * `npm run cairn -- pii scan [--json] <file.jsonl | ->`
 *
 * Finds personal data in each line `{"id", "text"}` with the same detector the Worker uses, and
 * prints one line per input line: `{"id", "entities": [{"type", "start", "end", "text"}]}` with
 * --json, or `id  TYPE  value` rows. A line that cannot be read gets `{"line", "error"}` and the
 * scan goes on; the exit code is then 1.
 */
import { detectPersonalData, personalDataTypes } from "../../kernel/privacy/index";
import { answerLines, describeReadError, parseScanArguments, readInput } from "../local/text-lines";

export const summary = "find personal data in JSON lines: pii scan [--json] <file.jsonl|->";

export const usage = `usage: npm run cairn -- pii scan [--json] <file.jsonl | ->
  Each input line is {"id": "…", "text": "…"}. With --json each output line is
  {"id", "entities": [{"type", "start", "end", "text"}]}; offsets count UTF-16 code units, as in JavaScript.
  Types: ${personalDataTypes.join(", ")}.
  A line that is not valid JSON or lacks "id"/"text" is answered with {"line", "error"}; the rest go on.`;

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (!subcommand || subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    console.log(usage);
    return subcommand ? 0 : 2;
  }
  if (subcommand !== "scan") {
    console.error(`cairn pii: unknown subcommand "${subcommand}"\n${usage}`);
    return 2;
  }
  const options = parseScanArguments(rest, []);
  if (options === "help") {
    console.log(usage);
    return 0;
  }
  if (typeof options === "string") {
    console.error(`cairn pii scan: ${options}\n${usage}`);
    return 2;
  }
  let input: string;
  try {
    input = readInput(options.file);
  } catch (error) {
    console.error(`cairn pii scan: cannot read ${options.file}: ${describeReadError(error)}`);
    return 2;
  }
  return answerLines("pii scan", options, input, "entities", detectPersonalData, (entity) =>
    [entity.type, entity.text].join("\t"),
  );
}
