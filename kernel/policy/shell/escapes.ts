/**
 * Known escapes through ordinary programs, after the GTFOBins catalogue: options and scripts
 * that make an innocent-looking program run a shell, write or read arbitrary files, or move
 * data over the network. The analyser denies a finding here even when a policy allows the
 * program, unless the allow rule pins the exact arguments and sets `allowKnownEscapes`.
 */
import { hasOption, hasShortFlag, hasUnknownArgument, operands, optionValues, staticValues } from "./argv";
import type { Detector } from "./detector";
import { dangerousVariable } from "./environment";
import { awk, jq, sed } from "./program-text-escapes";
import type { ArgValue } from "./words";

const always =
  (finding: string): Detector =>
  () =>
    finding;

const unknownArgs =
  (program: string): Detector =>
  (args) =>
    hasUnknownArgument(args)
      ? `an argument to ${program} is only known at run time and could be an escape option`
      : undefined;

function firstOf(...detectors: Detector[]): Detector {
  return (args) => {
    for (const detector of detectors) {
      const finding = detector(args);
      if (finding) return finding;
    }
    return undefined;
  };
}

const options =
  (names: readonly string[], finding: string): Detector =>
  (args) =>
    hasOption(args, names) ? finding : undefined;

/** Interpreters run code given inline (-c/-e/…) that no policy can read; script files are the policy's call. */
const inlineCode =
  (flags: readonly string[]): Detector =>
  (args) => {
    const first = args[0];
    if (!first || (first.kind === "static" && first.value === "-"))
      return "an interpreter reading its program from standard input";
    const letters = flags.flatMap((flag) => (/^-[a-zA-Z]$/.test(flag) ? [flag.slice(1)] : [])).join("");
    if (hasOption(args, flags) || hasShortFlag(args, letters)) return "inline code for an interpreter";
    return hasUnknownArgument(args) ? "an interpreter argument only known at run time" : undefined;
  };

const findActions = [
  "-exec",
  "-execdir",
  "-ok",
  "-okdir",
  "-delete",
  "-fprint",
  "-fprint0",
  "-fprintf",
  "-fls",
];

const gitSubcommandEscapes: Detector = (args) => {
  const values = staticValues(args);
  const sub = operands(args)[0];
  const subName = sub?.kind === "static" ? sub.value : undefined;
  if (
    subName === "config" &&
    values.some((v) =>
      /^(alias\.|core\.|.*\.(cmd|command|sshcommand|helper|textconv|hookspath|fsmonitor|pager|editor)$)/i.test(
        v,
      ),
    )
  ) {
    return "git config that makes git run a command later";
  }
  if (subName === "rebase" && hasOption(args, ["-x", "--exec"])) return "git rebase --exec runs a command";
  if (subName === "bisect" && values.includes("run")) return "git bisect run runs a command";
  if (subName === "submodule" && values.includes("foreach")) return "git submodule foreach runs a command";
  if (subName === "filter-branch" || subName === "difftool" || subName === "mergetool")
    return `git ${subName} runs external commands`;
  if (subName === "archive" && hasOption(args, ["--remote", "--exec"]))
    return "git archive --remote/--exec runs a remote command";
  return undefined;
};

const git = firstOf(
  options(
    ["-c", "--config-env", "--exec-path", "--upload-pack", "--receive-pack", "--exec", "-u"],
    "a git option that runs an arbitrary command",
  ),
  gitSubcommandEscapes,
  unknownArgs("git"),
);

const privilege = always("privilege escalation");

const sqlite: Detector = (args) =>
  staticValues(args).some((v) =>
    /(^|\n|;)\s*\.(sh|shell|system|output|once|load|import|save|backup|excel|open|read|log|cd)\b/.test(v),
  ) || hasOption(args, ["-cmd", "-init"])
    ? "a sqlite3 dot-command that runs a program or touches files"
    : // The CLI's SQL functions and ATTACH read, write or load files the path check cannot see.
      staticValues(args).some((v) => /\b(?:readfile|writefile|edit|load_extension)\s*\(|\battach\b/i.test(v))
      ? "a sqlite3 SQL function or ATTACH that reads, writes or loads a file"
      : unknownArgs("sqlite3")(args);

/** `export PATH=…`, `declare LD_PRELOAD=…`, `printf -v PATH …`, `read HOME`: assignments in disguise. */
const assignsVariables: Detector = (args) => {
  for (const arg of args) {
    if (arg.kind !== "static") return "a variable name only known at run time";
    const name = /^([A-Za-z_][A-Za-z0-9_]*)(?:\+?=|\[|$)/.exec(arg.value)?.[1];
    const danger = name === undefined ? undefined : dangerousVariable(name);
    if (danger) return danger;
  }
  return undefined;
};

const detectors: Record<string, Detector> = {
  printf: (args) => (hasOption(args, ["-v"]) ? assignsVariables(optionValues(args, "-v", [])) : undefined),
  export: assignsVariables,
  declare: assignsVariables,
  typeset: assignsVariables,
  local: assignsVariables,
  readonly: assignsVariables,
  read: assignsVariables,
  mapfile: assignsVariables,
  readarray: assignsVariables,
  unset: assignsVariables,
  find: firstOf(options(findActions, "find runs a command or writes files"), unknownArgs("find")),
  sed: firstOf(sed, unknownArgs("sed")),
  jq,
  awk: firstOf(awk, unknownArgs("awk")),
  tar: firstOf(
    options(
      [
        "--checkpoint-action",
        "--to-command",
        "--use-compress-program",
        "--info-script",
        "--new-volume-script",
        "--rsh-command",
        "--rmt-command",
        "-I",
        "-F",
      ],
      "a tar option that runs a command",
    ),
    (args) => (hasShortFlag(args, "IF") ? "a tar option that runs a command" : undefined),
    unknownArgs("tar"),
  ),
  git,
  zip: firstOf(options(["-TT", "--unzip-command"], "zip -TT runs a command"), unknownArgs("zip")),
  rsync: firstOf(
    options(["-e", "--rsh", "--rsync-path"], "rsync runs a remote-shell command"),
    (args) =>
      hasShortFlag(
        args.filter((a) => a.kind === "static" && !a.value.startsWith("--")),
        "e",
      )
        ? "rsync -e runs a command"
        : undefined,
    unknownArgs("rsync"),
  ),
  sort: firstOf(
    options(["--compress-program"], "sort --compress-program runs a command"),
    unknownArgs("sort"),
  ),
  less: (args) =>
    staticValues(args).some((v) => v.startsWith("+") || v.startsWith("--lesskey"))
      ? "less runs commands given with +"
      : unknownArgs("less")(args),
  man: options(["-P", "--pager", "-H", "--html"], "man runs a pager or browser command"),
  env: options(["-S", "--split-string", "-C", "--chdir"], "env -S / -C hide the real command line"),
  xargs: options(["-a", "--arg-file"], "xargs reading arguments from a file"),
  ssh: firstOf(
    options(["-o", "-F"], "ssh options can run a local command"),
    always("ssh opens a remote shell"),
  ),
  scp: always("scp copies files over the network"),
  sftp: always("sftp copies files over the network"),
  nc: always("netcat moves data over the network"),
  ncat: always("netcat moves data over the network"),
  netcat: always("netcat moves data over the network"),
  socat: always("socat connects processes to the network"),
  telnet: always("telnet opens a network session"),
  ftp: always("ftp moves files over the network"),
  curl: options(["-K", "--config"], "curl reading its options from a file"),
  wget: options(
    ["-i", "--input-file", "-e", "--execute", "--use-askpass"],
    "wget reading commands or URLs from a file",
  ),
  sqlite3: sqlite,
  vi: always("an interactive editor can run shell commands"),
  vim: always("an interactive editor can run shell commands"),
  nvim: always("an interactive editor can run shell commands"),
  ex: always("an interactive editor can run shell commands"),
  view: always("an interactive editor can run shell commands"),
  ed: always("an interactive editor can run shell commands"),
  emacs: always("an interactive editor can run shell commands"),
  nano: always("an interactive editor can run shell commands"),
  gdb: always("a debugger runs arbitrary commands"),
  strace: always("strace runs an arbitrary program"),
  ltrace: always("ltrace runs an arbitrary program"),
  script: always("script runs a shell"),
  expect: always("expect runs arbitrary commands"),
  make: options(["--eval", "-E", "SHELL"], "make --eval runs arbitrary recipes"),
  sudo: privilege,
  su: privilege,
  doas: privilege,
  pkexec: privilege,
  runuser: privilege,
  chroot: privilege,
  nsenter: privilege,
  unshare: privilege,
  capsh: privilege,
  setpriv: privilege,
  source: always("source runs a script file the policy cannot read"),
  ".": always("source runs a script file the policy cannot read"),
  alias: always("alias definitions change what later words run"),
  hash: always("hash -p maps a command name to another program"),
  enable: always("enable loads or hides shell builtins"),
  trap: always("trap runs a command string later"),
  python: inlineCode(["-c"]),
  python3: inlineCode(["-c"]),
  perl: inlineCode(["-e", "-E"]),
  ruby: inlineCode(["-e"]),
  node: inlineCode(["-e", "--eval", "-p", "--print"]),
  deno: inlineCode(["eval"]),
  bun: inlineCode(["-e", "--eval"]),
  php: inlineCode(["-r", "-a"]),
  lua: inlineCode(["-e"]),
  tclsh: always("tclsh runs arbitrary code"),
  jjs: always("jjs runs arbitrary code"),
  pwsh: always("PowerShell runs arbitrary code"),
  osascript: always("osascript runs arbitrary code"),
};

/**
 * The first known escape in running `program` with `args`, or undefined.
 *
 * @example detectEscape("find", [{kind:"static",value:"."},{kind:"static",value:"-exec"}]) // "find runs a command…"
 */
export function detectEscape(program: string, args: readonly ArgValue[]): string | undefined {
  const detector = Object.hasOwn(detectors, program) ? detectors[program] : undefined;
  if (detector) return detector(args);
  if (/^(python|perl|ruby|php|lua|node)[0-9.]*$/.test(program)) return inlineCode(["-c", "-e", "-r"])(args);
  if (/^(gawk|mawk|nawk|busybox-awk)$/.test(program)) return awk(args);
  return undefined;
}
