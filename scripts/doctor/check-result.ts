/** One finding of `cairn doctor`: what was checked, how it stands, and what to do about it. */
export type CheckLevel = "ok" | "warn" | "fail" | "skip";

export interface CheckResult {
  name: string;
  level: CheckLevel;
  detail: string;
  /** The next step, as a command or a sentence; only for warn and fail. */
  fix?: string;
}

export const ok = (name: string, detail: string): CheckResult => ({ name, level: "ok", detail });
export const skip = (name: string, detail: string): CheckResult => ({ name, level: "skip", detail });
export const warn = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  level: "warn",
  detail,
  fix,
});
export const fail = (name: string, detail: string, fix: string): CheckResult => ({
  name,
  level: "fail",
  detail,
  fix,
});

export function renderChecks(results: readonly CheckResult[]): string[] {
  const lines = results.flatMap((result) => [
    `${result.level.padEnd(4)}  ${result.name}: ${result.detail}`,
    ...(result.fix ? [`      fix: ${result.fix}`] : []),
  ]);
  const count = (level: CheckLevel) => results.filter((result) => result.level === level).length;
  lines.push(
    `${count("ok")} ok, ${count("warn")} warning(s), ${count("fail")} failure(s), ${count("skip")} skipped`,
  );
  return lines;
}
