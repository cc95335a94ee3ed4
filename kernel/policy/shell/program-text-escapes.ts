/**
 * Escapes hidden in the program text given to awk, sed and jq. Each language gets a small
 * reader that looks at the text the way the tool will (string literals removed, sed's commands
 * walked) for the constructs that run commands, touch files or read the environment.
 */
import { hasOption, operands, optionValues } from "./argv";
import type { Detector } from "./detector";
import { scanSedScript } from "./sed-script";
import type { ArgValue } from "./words";

function awkProgramText(args: readonly ArgValue[]): string | undefined | null {
  if (hasOption(args, ["-f", "--file", "-E", "--exec", "-i", "--include", "-l", "--load"])) return null;
  const program = operands(
    args.filter(
      (_, i) =>
        !(args[i - 1]?.kind === "static" && ["-v", "-F"].includes((args[i - 1] as { value: string }).value)),
    ),
  )[0];
  if (!program) return undefined;
  return program.kind === "static" ? program.value : null;
}

export const awk: Detector = (args) => {
  const text = awkProgramText(args);
  if (text === null) return "an awk program that cannot be read before it runs";
  if (text === undefined) return undefined;
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  if (/\bsystem\s*\(/.test(code)) return "awk system() runs a shell command";
  if (/\|\s*getline|\|&|\bprint[f]?\b[^;}]*\|(?!\|)/.test(code.replace(/\|\|/g, "  ")))
    return "an awk pipe runs a shell command";
  if (/\bprint[f]?\b[^;}]*>/.test(code)) return "awk print > file writes a file";
  if (/\bgetline\b[^;}]*</.test(code)) return "awk getline < file reads an arbitrary file";
  // ARGV rewrites choose the files awk reads; ENVIRON/PROCINFO expose the sandbox's secrets;
  // @ is gawk's @include/@load and indirect calls (f = "system"; @f("id")).
  if (/\b(ARGV|ARGC|ENVIRON|PROCINFO)\b|@/.test(code))
    return "awk reaches files, environment or functions indirectly";
  return undefined;
};

/** jq filters that read the environment (where a sandbox's keys live) or load modules. */
export const jq: Detector = (args) => {
  if (hasOption(args, ["-L", "--library-path"])) return "jq loading modules from a library path";
  const filter = hasOption(args, ["-f", "--from-file"]) ? undefined : operands(args)[0];
  if (!filter) return undefined;
  if (filter.kind !== "static") return "a jq filter only known at run time";
  const code = filter.value.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  // `env` the builtin, not `.env` the field or `{env: …}` the key.
  return /\$ENV\b|(?<![.\w$])env\b(?!\s*:)|\b(import|include)\b|\$__prog/.test(code)
    ? "a jq filter reading the environment or modules"
    : undefined;
};

function sedScripts(args: readonly ArgValue[]): ArgValue[] | null {
  if (hasOption(args, ["-f", "--file"])) return null;
  const explicit = optionValues(args, "-e", ["--expression"]);
  if (explicit.length > 0) return explicit;
  const first = operands(args)[0];
  return first ? [first] : [];
}

export const sed: Detector = (args) => {
  const scripts = sedScripts(args);
  if (scripts === null) return "a sed script read from a file cannot be checked";
  for (const script of scripts) {
    if (script.kind !== "static") return "a sed script only known at run time";
    const finding = scanSedScript(script.value);
    if (finding) return `the sed script ${finding}`;
  }
  return undefined;
};
