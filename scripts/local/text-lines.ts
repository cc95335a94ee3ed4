/**
 * The input of `cairn pii scan` and `cairn secrets scan`: JSON lines `{"id", "text"}`. Each line is
 * parsed on its own so one bad line is reported (by number) and the others are still answered.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const textLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
});

export type TextLine = z.infer<typeof textLineSchema>;

export type ParsedLine =
  | { line: number; ok: true; value: TextLine }
  | { line: number; ok: false; error: string };

export function parseTextLines(input: string): ParsedLine[] {
  const parsed: ParsedLine[] = [];
  input.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    const line = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      parsed.push({ line, ok: false, error: "not valid JSON" });
      return;
    }
    const result = textLineSchema.safeParse(json);
    if (result.success) parsed.push({ line, ok: true, value: result.data });
    else {
      const issue = result.error.issues[0]!;
      parsed.push({ line, ok: false, error: `${issue.path.join(".") || "line"}: ${issue.message}` });
    }
  });
  return parsed;
}

/** Reads a file, or standard input for "-"; a missing file is a user mistake, reported without a stack. */
export function readInput(file: string): string {
  return readFileSync(file === "-" ? 0 : file, "utf8");
}

/** A read failure as a user reads it: "no such file", not ENOENT and a stack. */
export function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "is a directory",
    EACCES: "permission denied",
  };
  return (code && known[code]) ?? (error instanceof Error ? error.message : String(error));
}

export interface ScanArguments {
  json: boolean;
  file: string;
  rest: Map<string, string>;
}

/**
 * `<subcommand> [--json] [--opt value]… <file|->`. `valueOptions` lists the options that take a value.
 * Returns a message for the user when the arguments are wrong, or "help".
 */
export function parseScanArguments(args: string[], valueOptions: readonly string[]): ScanArguments | string {
  const rest = new Map<string, string>();
  let json = false;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--help" || arg === "-h") return "help";
    if (arg === "--json") json = true;
    else if (valueOptions.includes(arg)) {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      rest.set(arg, value);
    } else if (arg.startsWith("--")) return `unknown option ${arg}`;
    else if (file !== undefined) return `only one input file, got "${file}" and "${arg}"`;
    else file = arg;
  }
  return file === undefined
    ? "give the input file (JSON lines), or - for standard input"
    : { json, file, rest };
}

/** `cairn … | head` closes the pipe early; that is the reader's choice, not an error. */
export function exitQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
}

/**
 * Answers each line of a scan: a result line per readable input line (`{"id", <field>: [...]}`
 * with --json, else tab-separated rows), an error line per unreadable one. Returns the exit code:
 * 1 when any line could not be read, else 0.
 */
export function answerLines<T>(
  command: string,
  options: { file: string; json: boolean },
  input: string,
  field: string,
  scan: (text: string) => T[],
  row: (found: T) => string,
): number {
  exitQuietlyOnClosedPipe();
  let failed = 0;
  for (const parsed of parseTextLines(input)) {
    if (!parsed.ok) {
      failed++;
      if (options.json) console.log(JSON.stringify({ line: parsed.line, error: parsed.error }));
      console.error(`cairn ${command}: ${options.file}:${parsed.line}: ${parsed.error}`);
      continue;
    }
    const found = scan(parsed.value.text);
    if (options.json) console.log(JSON.stringify({ id: parsed.value.id, [field]: found }));
    else for (const item of found) console.log(`${parsed.value.id}\t${row(item)}`);
  }
  return failed > 0 ? 1 : 0;
}
