/**
 * Small readers over an argument vector, shared by the escape detectors and write-target
 * extractors. They are deliberately generous about what counts as an option: a detector that
 * sees too much denies a harmless command, one that sees too little lets an escape through.
 */
import type { ArgValue } from "./words";

/** A long option given alone or as `--name=value`; short options given alone. */
export function hasOption(args: readonly ArgValue[], names: readonly string[]): boolean {
  return args.some(
    (arg) =>
      arg.kind === "static" && names.some((name) => arg.value === name || arg.value.startsWith(`${name}=`)),
  );
}

/** A short-option cluster (`-xvf`) containing any of `letters`. */
export function hasShortFlag(args: readonly ArgValue[], letters: string): boolean {
  return args.some(
    (arg) =>
      arg.kind === "static" &&
      /^-[A-Za-z0-9]+$/.test(arg.value) &&
      [...arg.value.slice(1)].some((letter) => letters.includes(letter)),
  );
}

/** The value given to an option: `-o file`, `-ofile`, `--output file` or `--output=file`. */
export function optionValues(
  args: readonly ArgValue[],
  short: string | undefined,
  long: readonly string[],
): ArgValue[] {
  const values: ArgValue[] = [];
  args.forEach((arg, index) => {
    if (arg.kind !== "static") return;
    const next = args[index + 1];
    if ((arg.value === short || long.includes(arg.value)) && next) values.push(next);
    else if (
      short &&
      arg.value.startsWith(short) &&
      arg.value.length > short.length &&
      !arg.value.startsWith("--")
    ) {
      values.push({ kind: "static", value: arg.value.slice(short.length) });
    } else {
      for (const name of long) {
        if (arg.value.startsWith(`${name}=`))
          values.push({ kind: "static", value: arg.value.slice(name.length + 1) });
      }
    }
  });
  return values;
}

/** Arguments that are not options (everything after `--` counts). */
export function operands(args: readonly ArgValue[]): ArgValue[] {
  const result: ArgValue[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg.kind === "static" && arg.value === "--") optionsEnded = true;
    else if (optionsEnded || arg.kind !== "static" || !arg.value.startsWith("-") || arg.value === "-")
      result.push(arg);
  }
  return result;
}

/** True when some argument's value is unknown now and could turn out to be an option. */
export function hasUnknownArgument(args: readonly ArgValue[]): boolean {
  return args.some(
    (arg) => arg.kind === "dynamic" || (arg.kind === "glob" && !/^[A-Za-z0-9_./]/.test(arg.pattern)),
  );
}

export function staticValues(args: readonly ArgValue[]): string[] {
  return args.flatMap((arg) => (arg.kind === "static" ? [arg.value] : []));
}
