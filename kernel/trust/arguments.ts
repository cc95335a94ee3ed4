/**
 * The consequential arguments of one tool call: who it reaches (recipient, IBAN, account), where
 * it goes (URL), what it runs (command), what it touches (path) and how much it moves (amount).
 * They are read from the policy actions the call amounts to — the same ones the policy kernel
 * decides — and from the call's input, where a structured field or a JSON body names a recipient,
 * a URL or an amount. Free text a human reads (a message's text, an email's subject and body, a
 * file's content) is not an argument: where it goes is.
 */
import type { Action } from "../policy/types";
import {
  type ArgumentKind,
  looksLikeIban,
  normaliseEmail,
  normaliseUrl,
  normaliseValue,
  parseAmount,
} from "./values";

export interface ConsequentialArgument {
  kind: ArgumentKind;
  /** Where in the call it is, for the explanation: "to", "url", "body.amount". */
  name: string;
  value: string;
}

/** Fields whose text is content, not an argument. */
const FREE_TEXT = new Set([
  "text",
  "subject",
  "content",
  "title",
  "description",
  "note",
  "comment",
  "message",
]);
const RECIPIENT_KEY =
  /^(to|cc|bcc|recipients?|email|iban|account(number|_number|no)?|payee|beneficiary|destination)$/i;
const AMOUNT_KEY = /(amount|total|price|sum|fee|value_cents|cents)$/i;
const URL_KEY = /(url|uri|webhook|callback|endpoint|link)$/i;

function walk(value: unknown, name: string, out: ConsequentialArgument[], depth = 0): void {
  if (depth > 6) return;
  const key = name.split(".").pop() ?? name;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) walk(item, `${name}[${index}]`, out, depth + 1);
    return;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (FREE_TEXT.has(k.toLowerCase())) continue;
      walk(v, name ? `${name}.${k}` : k, out, depth + 1);
    }
    return;
  }
  if (typeof value === "number") {
    if (AMOUNT_KEY.test(key)) out.push({ kind: "amount", name, value: String(value) });
    return;
  }
  if (typeof value !== "string" || value.trim() === "") return;
  if (key === "body") {
    // A JSON body is read like the input; any other body is content.
    try {
      walk(JSON.parse(value), name, out, depth + 1);
    } catch {
      // not JSON
    }
    return;
  }
  if (normaliseEmail(value) || looksLikeIban(value) || RECIPIENT_KEY.test(key)) {
    out.push({ kind: "recipient", name, value });
  } else if (normaliseUrl(value) && (URL_KEY.test(key) || /^https?:\/\//i.test(value.trim()))) {
    out.push({ kind: "url", name, value });
  } else if (AMOUNT_KEY.test(key) && parseAmount(value) !== undefined) {
    out.push({ kind: "amount", name, value });
  }
}

/**
 * @example consequentialArguments(sendEmailTool.actions(input, ctx), input)
 *   → [{ kind: "recipient", name: "recipient", value: "ann@client.example" }]
 * A message to the conversation being answered is a reply and has no argument.
 */
export function consequentialArguments(actions: readonly Action[], input: unknown): ConsequentialArgument[] {
  const out: ConsequentialArgument[] = [];
  const replies = new Set<string>();
  for (const action of actions) {
    switch (action.kind) {
      case "message":
        if (action.currentConversation !== undefined && action.recipient === action.currentConversation) {
          replies.add(action.recipient);
          break;
        }
        out.push({ kind: "recipient", name: "recipient", value: action.recipient });
        break;
      case "network":
        out.push({ kind: "url", name: "url", value: action.url });
        break;
      case "shell":
        out.push({ kind: "command", name: "command", value: action.command });
        break;
      case "filesystem":
        if (action.operation === "write") out.push({ kind: "path", name: "path", value: action.path });
        break;
      case "tool":
        break;
    }
  }
  walk(input, "", out);
  // One entry per value: the email's `to` is also the message action's recipient.
  const seen = new Set<string>();
  return out.filter((arg) => {
    if (arg.kind === "recipient" && replies.has(arg.value)) return false;
    const key = `${arg.kind}\n${normaliseValue(arg.kind, arg.value) ?? arg.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
