/**
 * What a client may send, checked before anything is parsed: a body past its size is refused
 * unread (413), JSON nested past a depth is refused before `JSON.parse` builds it (400). Deep
 * nesting parses fine but overflows the stack later, in whatever walks the value (the queue's
 * structured clone, `JSON.stringify`), so it is refused at the door instead. Policy YAML has its
 * own limits (size and aliases) in kernel/policy/parse-policy.ts.
 */

export const REQUEST_LIMITS = {
  /** A platform's webhook. Telegram updates and Slack events are a few kilobytes; 1 MiB is far above any. */
  webhookBodyBytes: 1024 * 1024,
  /** An admin API body. The largest legitimate one is a knowledge upload: 100 documents of 20,000 characters. */
  apiBodyBytes: 4 * 1024 * 1024,
  /** Objects and arrays inside one another. The deepest payload a platform sends is about 10 levels. */
  jsonDepth: 64,
} as const;

/**
 * How deeply `text` nests objects and arrays, counting up to `stopAt` (the scan ends there).
 * Linear, with no recursion: brackets inside strings are skipped, escapes included.
 */
export function jsonNestingDepth(text: string, stopAt: number = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c)
        i++; // backslash: the next character is escaped
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest >= stopAt) return deepest;
      }
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return deepest;
}

export type BoundedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** `JSON.parse`, refusing text nested deeper than `maxDepth` (or that is not JSON) with a reason. */
export function parseBoundedJson(text: string, maxDepth: number = REQUEST_LIMITS.jsonDepth): BoundedJson {
  if (jsonNestingDepth(text, maxDepth + 1) > maxDepth)
    return { ok: false, message: `body nests objects and arrays deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: "body is not valid JSON" };
  }
}

/** The body's size in bytes as sent (UTF-8). */
export function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}
