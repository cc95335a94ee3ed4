/**
 * Which paths a command writes (or deletes — a deletion is a write). Each is checked against
 * the filesystem policy exactly like a `>` redirection, so `touch notes.txt` in the workspace
 * asks for approval and `touch /etc/passwd` is denied whatever the shell rule says.
 * (curl and wget are read with their network options, in network-commands.ts.)
 */
import { hasOption, hasShortFlag, operands, optionValues } from "./argv";
import type { ArgValue } from "./words";

export type WriteTargets = ArgValue[] | { unknown: string };

type Extractor = (args: readonly ArgValue[]) => WriteTargets;

const allOperands: Extractor = (args) => operands(args);
const afterFirstOperand: Extractor = (args) => operands(args).slice(1);
const lastOperand: Extractor = (args) => [
  ...optionValues(args, "-t", ["--target-directory"]),
  ...operands(args).slice(-1),
];

const sedTargets: Extractor = (args) => {
  const inPlace =
    hasOption(args, ["--in-place", "-i"]) ||
    args.some((a) => a.kind === "static" && /^-[a-zA-Z]*i/.test(a.value) && !a.value.startsWith("--"));
  if (!inPlace) return [];
  const files = operands(args);
  // Without -e/-f the first operand is the script, not a file.
  return hasOption(args, ["-e", "--expression", "-f", "--file"]) ? files : files.slice(1);
};

const extractors: Record<string, Extractor> = {
  touch: allOperands,
  mkdir: allOperands,
  rmdir: allOperands,
  rm: allOperands,
  unlink: allOperands,
  shred: allOperands,
  truncate: allOperands,
  tee: allOperands,
  chmod: afterFirstOperand,
  chown: afterFirstOperand,
  chgrp: afterFirstOperand,
  // mv deletes its sources, so every operand is written.
  mv: (args) => [...optionValues(args, "-t", ["--target-directory"]), ...operands(args)],
  cp: lastOperand,
  ln: lastOperand,
  install: lastOperand,
  sed: sedTargets,
  sort: (args) => optionValues(args, "-o", ["--output"]),
  uniq: (args) => operands(args).slice(1, 2),
  dd: (args) =>
    args.flatMap((arg): ArgValue[] =>
      arg.kind === "static" && arg.value.startsWith("of=")
        ? [{ kind: "static", value: arg.value.slice(3) }]
        : arg.kind === "static"
          ? []
          : [arg],
    ),
  split: (args) => {
    const files = operands(args);
    return files.length >= 2 ? files.slice(1, 2) : [{ kind: "static", value: "x" }];
  },
  tar: (args) => {
    if (hasOption(args, ["-x", "--extract", "--get"]) || hasShortFlag(args, "x")) {
      return { unknown: "tar extracts to paths chosen by the archive" };
    }
    const creating =
      hasOption(args, ["-c", "--create", "-r", "--append", "-u", "--update"]) || hasShortFlag(args, "cru");
    if (!creating) return [];
    const file = optionValues(args, "-f", ["--file"]);
    const clusterWithF = args.findIndex(
      (a) => a.kind === "static" && /^-?[a-zA-Z]*f$/.test(a.value) && !a.value.startsWith("--"),
    );
    const clusterTarget = clusterWithF >= 0 ? args[clusterWithF + 1] : undefined;
    return clusterTarget
      ? [...file, clusterTarget]
      : file.length > 0
        ? file
        : { unknown: "tar writing to an unnamed archive" };
  },
  unzip: (args) =>
    optionValues(args, "-d", []).concat(hasOption(args, ["-d"]) ? [] : [{ kind: "static", value: "." }]),
  zip: (args) => operands(args).slice(0, 1),
  gzip: (args) => (hasOption(args, ["-c", "--stdout"]) || hasShortFlag(args, "c") ? [] : operands(args)),
  gunzip: (args) => (hasOption(args, ["-c", "--stdout"]) || hasShortFlag(args, "c") ? [] : operands(args)),
  patch: (args) => [...optionValues(args, "-o", ["--output"]), ...operands(args).slice(0, 1)],
};

/** Whether writes.ts knows which of `program`'s arguments are files it writes. */
export function hasWriteSemantics(program: string): boolean {
  return Object.hasOwn(extractors, program);
}

/** The paths `program` will write when run with `args`; `[]` when it writes none. */
export function writeTargets(program: string, args: readonly ArgValue[]): WriteTargets {
  const extractor = Object.hasOwn(extractors, program) ? extractors[program] : undefined;
  return extractor ? extractor(args) : [];
}
