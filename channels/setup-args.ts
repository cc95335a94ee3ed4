/**
 * The flags of a channel's CLI set-up (`channels <platform> <action> --flag value…`), read the
 * same way for every platform: each flag names one field, a repeatable flag collects a list, the
 * environment supplies defaults, and the platform's schema checks the whole. A mistake comes back
 * as one sentence naming the flag or field, never a throw.
 */
import type { z } from "zod";

export function parseSetupArgs<T>(
  args: readonly string[],
  flags: Readonly<Record<string, string>>,
  schema: z.ZodType<T>,
  defaults: Record<string, unknown>,
  repeatable: readonly string[] = [],
): T | string {
  const [action, ...rest] = args;
  const raw: Record<string, unknown> = { action, ...defaults };
  const lists = new Map(repeatable.map((key) => [key, [] as string[]]));
  for (let i = 0; i < rest.length; i++) {
    const key = flags[rest[i] ?? ""];
    if (!key) return `unknown option ${rest[i]}`;
    const value = rest[++i];
    if (value === undefined) return `${rest[i - 1]} needs a value`;
    const list = lists.get(key);
    if (list) list.push(value);
    else raw[key] = value;
  }
  for (const [key, values] of lists) raw[key] = values;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return `invalid ${issue.path.join(".") || "arguments"}: ${issue.message}`;
  }
  return parsed.data;
}
