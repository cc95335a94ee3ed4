/**
 * Which files a command reads. Reading is how data leaves (the GTFOBins "file read" class:
 * `cat /etc/shadow`, `grep -f /root/.ssh/id_rsa x`, `diff /etc/passwd x`), so the operands of
 * programs that read files are checked as filesystem reads, like a `<` redirection.
 */
import { operands, optionValues } from "./argv";
import type { ArgValue } from "./words";

type Extractor = (args: readonly ArgValue[]) => ArgValue[];

/** Operands after the first `skip` (a pattern, a script, a filter) plus files given to options. */
const readsOperands =
  (
    skipUnlessGiven: { skip: number; unlessOptions?: string[] },
    fileOptions: [string | undefined, string[]][] = [],
  ): Extractor =>
  (args) => {
    const fromOptions = fileOptions.flatMap(([short, long]) => optionValues(args, short, long));
    const explicit = (skipUnlessGiven.unlessOptions ?? []).some((option) =>
      args.some(
        (arg) => arg.kind === "static" && (arg.value === option || arg.value.startsWith(`${option}=`)),
      ),
    );
    return [...fromOptions, ...operands(args).slice(explicit ? 0 : skipUnlessGiven.skip)];
  };

const files = readsOperands({ skip: 0 });
const afterPattern = (fileOptions: [string | undefined, string[]][] = []) =>
  readsOperands({ skip: 1, unlessOptions: ["-e", "--regexp", "-f", "--file", "--expression"] }, fileOptions);

const extractors: Record<string, Extractor> = {
  cat: files,
  tac: files,
  nl: files,
  head: files,
  tail: files,
  wc: readsOperands({ skip: 0 }, [[undefined, ["--files0-from"]]]),
  sort: readsOperands({ skip: 0 }, [[undefined, ["--files0-from", "-T", "--temporary-directory"]]]),
  uniq: (args) => operands(args).slice(0, 1),
  cut: files,
  paste: files,
  join: files,
  comm: files,
  fold: files,
  expand: files,
  rev: files,
  column: files,
  diff: readsOperands({ skip: 0 }, [[undefined, ["--from-file", "--to-file"]]]),
  cmp: files,
  grep: afterPattern([["-f", ["--file"]]]),
  egrep: afterPattern([["-f", ["--file"]]]),
  fgrep: afterPattern([["-f", ["--file"]]]),
  rg: afterPattern([["-f", ["--file"]]]),
  sed: afterPattern([["-f", ["--file"]]]),
  awk: readsOperands({ skip: 1, unlessOptions: ["-f", "--file"] }, [["-f", ["--file"]]]),
  jq: (args) => [
    ...readsOperands({ skip: 1, unlessOptions: ["-f", "--from-file"] }, [["-f", ["--from-file"]]])(args),
    // --rawfile NAME FILE and --slurpfile NAME FILE: the file is the second value.
    ...args.flatMap((arg, i): ArgValue[] =>
      arg.kind === "static" && (arg.value === "--rawfile" || arg.value === "--slurpfile")
        ? [args[i + 2] ?? arg]
        : [],
    ),
  ],
  file: readsOperands({ skip: 0 }, [["-f", ["--files-from", "-m", "--magic-file"]]]),
  // date -f reads dates from a file and echoes unparsable lines back (GTFOBins file read).
  date: (args) => optionValues(args, "-f", ["--file", "-r", "--reference"]),
  touch: (args) => optionValues(args, "-r", ["--reference"]),
  stat: files,
  du: files,
  ls: files,
  tree: files,
  find: (args) => {
    const starts: ArgValue[] = [];
    for (const arg of args) {
      if (arg.kind === "static" && (arg.value.startsWith("-") || arg.value === "(" || arg.value === "!"))
        break;
      starts.push(arg);
    }
    return starts;
  },
  md5sum: files,
  sha1sum: files,
  sha256sum: files,
  base64: files,
  xxd: files,
  od: files,
  hexdump: files,
  strings: files,
  cp: (args) => operands(args).slice(0, -1),
  // Every operand: the archive and, when creating, the files put into it (`tar -cf a.tar /etc/x`).
  tar: (args) => [
    ...optionValues(args, "-T", ["--files-from", "-X", "--exclude-from", "-C", "--directory"]),
    ...operands(args),
  ],
  gzip: files,
  gunzip: files,
  zcat: files,
  zip: files,
  unzip: (args) => operands(args).slice(0, 1),
  ln: (args) => operands(args).slice(0, -1),
  install: (args) => operands(args).slice(0, -1),
  split: (args) => operands(args).slice(0, 1),
  patch: (args) => [...optionValues(args, "-i", ["--input"]), ...operands(args)],
  dd: (args) =>
    args.flatMap((arg): ArgValue[] =>
      arg.kind === "static" && arg.value.startsWith("if=")
        ? [{ kind: "static", value: arg.value.slice(3) }]
        : [],
    ),
  xargs: (args) => optionValues(args, "-a", ["--arg-file"]),
  readlink: files,
  realpath: files,
  less: files,
  more: files,
  csvlook: files,
  source: files,
};

/** Whether reads.ts knows which of `program`'s arguments are files it reads. */
export function hasReadSemantics(program: string): boolean {
  return Object.hasOwn(extractors, program);
}

/** The files `program` reads when run with `args`. */
export function readTargets(program: string, args: readonly ArgValue[]): ArgValue[] {
  const extractor = Object.hasOwn(extractors, program) ? extractors[program] : undefined;
  return extractor ? extractor(args) : [];
}
