/**
 * Trust labels for what a turn's context holds. Tenant members are trusted by their role;
 * everything else that reaches the model — outside senders, email bodies, fetched pages, tool
 * output, MCP results, task comments, and the thread's memory (which mixes all of these) — is
 * untrusted: it may carry instructions, and the model may follow them (docs/security.md).
 */

export const TRUSTED_LABELS = [
  "trusted:owner",
  "trusted:admin",
  "trusted:approver",
  "trusted:member",
] as const;

export const UNTRUSTED_LABELS = [
  "untrusted:outside-sender",
  "untrusted:email",
  "untrusted:web",
  "untrusted:tool-output",
  "untrusted:mcp",
  "untrusted:task-comment",
  "untrusted:thread-memory",
] as const;

export type TrustedLabel = (typeof TRUSTED_LABELS)[number];
export type UntrustedLabel = (typeof UNTRUSTED_LABELS)[number];
export type TrustLabel = TrustedLabel | UntrustedLabel;

/** One piece of the turn's context, labelled by where it came from. */
export interface ContextItem {
  label: TrustLabel;
  /** Where it came from, as a person reads it: "the owner's message", "the fetched page https://…". */
  source: string;
  text: string;
}

export function isTrusted(label: TrustLabel): label is TrustedLabel {
  return label.startsWith("trusted:");
}

/** True when some untrusted item has any content. */
export function hasUntrustedContent(items: readonly ContextItem[]): boolean {
  return items.some((item) => !isTrusted(item.label) && item.text.trim() !== "");
}

/**
 * Lines that introduce text someone else wrote, pasted into a trusted message: a forwarded email,
 * a quoted original. Everything from such a line on is that other person's words.
 */
const FORWARD_MARKERS = [
  /^-{2,}\s*forwarded message\s*-{2,}/im,
  /^begin forwarded message:/im,
  /^-{2,}\s*original message\s*-{2,}/im,
];

/**
 * Splits trusted items at forwarding markers and `>`-quoted lines: what follows a marker, and
 * quoted lines, become `untrusted:email` items ("quoted in the owner's message"), the rest keeps
 * its label. Untrusted items are returned as they are.
 */
export function separateQuotedText(items: readonly ContextItem[]): ContextItem[] {
  const out: ContextItem[] = [];
  for (const item of items) {
    if (!isTrusted(item.label)) {
      out.push(item);
      continue;
    }
    let own = item.text;
    const quoted: string[] = [];
    for (const marker of FORWARD_MARKERS) {
      const match = marker.exec(own);
      if (match) {
        quoted.push(own.slice(match.index));
        own = own.slice(0, match.index);
      }
    }
    const ownLines: string[] = [];
    for (const line of own.split("\n")) {
      if (/^\s*>/.test(line)) quoted.push(line.replace(/^\s*>+\s?/, ""));
      else ownLines.push(line);
    }
    out.push({ ...item, text: ownLines.join("\n") });
    if (quoted.length > 0) {
      out.push({
        label: "untrusted:email",
        source: `text quoted in ${item.source}`,
        text: quoted.join("\n"),
      });
    }
  }
  return out;
}
