/**
 * Durations as people write them in YAML ("30s", "15m", "4h", "2d", "1w"), converted to
 * milliseconds. One unit per value keeps them unambiguous: "1h30m" is written "90m".
 */

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export const durationPattern = /^([1-9][0-9]{0,5})(s|m|h|d|w)$/;

/**
 * Milliseconds in a duration string, or `undefined` when it is not one.
 * @example parseDurationMs("15m") // 900000
 */
export function parseDurationMs(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * unitMs[unit as keyof typeof unitMs];
}

/** Like {@link parseDurationMs} but for values already validated by a schema. */
export function durationMs(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new Error(`"${text}" is not a duration like 30s, 15m, 4h, 2d or 1w`);
  return ms;
}
