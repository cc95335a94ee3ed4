/**
 * Context words: many identifiers (a passport number, a Dutch BSN, a date of birth) have no
 * checksum or a weak one, and are personal data only when the text says what they are.
 */

/** True when `cue` matches within `window` characters before `start` (same sentence or line). */
export function cueBefore(text: string, start: number, cue: RegExp, window = 48): boolean {
  const from = Math.max(0, start - window);
  return cue.test(text.slice(from, start));
}

/** True when `cue` matches within `window` characters after `end`. */
export function cueAfter(text: string, end: number, cue: RegExp, window = 24): boolean {
  return cue.test(text.slice(end, end + window));
}

/** The character before `start` and after `end` are not letters or digits (a standalone token). */
export function standalone(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text[start - 1]! : " ";
  const after = end < text.length ? text[end]! : " ";
  return !/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(after);
}
