/**
 * `npm run cairn -- secrets scan [--json] [--known <file>] [--no-entropy] <file.jsonl | ->`
 *
 * Finds credentials in each line `{"id", "text"}` with the same scanner the Worker uses, and prints
 * `{"id", "findings": [{"rule", "start", "end", "text"}]}` per line with --json. `--known` names a
 * file of configured secret values (one a line) to find by exact match as well.
 */
import { readFileSync } from "node:fs";
import { createSecretScanner } from "../../kernel/privacy/index";
import { answerLines, describeReadError, parseScanArguments, readInput } from "../local/text-lines";

export const summary = "find secrets in JSON lines: secrets scan [--json] [--known file] <file.jsonl|->";

export const usage = `usage: npm run cairn -- secrets scan [--json] [--known <file>] [--no-entropy] <file.jsonl | ->
  Each input line is {"id": "…", "text": "…"}. With --json each output line is
  {"id", "findings": [{"rule", "start", "end", "text"}]}.
  --known <file>  values of configured secrets, one a line, found by exact match (rule "configured-secret")
  --no-entropy    skip the entropy check (texts full of hashes)
  A line that is not valid JSON or lacks "id"/"text" is answered with {"line", "error"}; the rest go on.`;

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (!subcommand || subcommand === "--help" || subcommand === "-h" || subcommand === "help") {
    console.log(usage);
    return subcommand ? 0 : 2;
  }
  if (subcommand !== "scan") {
    console.error(`cairn secrets: unknown subcommand "${subcommand}"\n${usage}`);
    return 2;
  }
  const entropy = !rest.includes("--no-entropy");
  const options = parseScanArguments(
    rest.filter((arg) => arg !== "--no-entropy"),
    ["--known"],
  );
  if (options === "help") {
    console.log(usage);
    return 0;
  }
  if (typeof options === "string") {
    console.error(`cairn secrets scan: ${options}\n${usage}`);
    return 2;
  }
  let input: string;
  let knownSecrets: string[] = [];
  try {
    input = readInput(options.file);
    const knownFile = options.rest.get("--known");
    if (knownFile) knownSecrets = readFileSync(knownFile, "utf8").split(/\r?\n/).filter(Boolean);
  } catch (error) {
    const { path } = error as NodeJS.ErrnoException;
    console.error(`cairn secrets scan: cannot read ${path ?? options.file}: ${describeReadError(error)}`);
    return 2;
  }
  const scan = createSecretScanner({ knownSecrets, entropy });
  return answerLines("secrets scan", options, input, "findings", scan, (finding) =>
    [finding.rule, finding.text].join("\t"),
  );
}
