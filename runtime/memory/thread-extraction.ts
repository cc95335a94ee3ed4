/**
 * The two cheap model jobs of thread memory, in their offline form: fact extraction (rules over a
 * message's words) and the incremental summariser (extractive). Both are injected into
 * thread-memory.ts, so the worker can replace them with calls to the cheapest adequate model tier
 * without touching the rest; these run when no model is configured and in tests, and say nothing
 * a message did not say.
 */
import type { Summariser } from "../../kernel/context/summary-refresh";

export interface ExtractedFact {
  attribute: string;
  value: string;
}

export type FactExtractor = (text: string) => Promise<ExtractedFact[]>;

const MONEY = String.raw`((?:[$£€]|USD |GBP |EUR )\s?[\d,]+(?:\.\d{2})?)`;
const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;
const EMAIL = String.raw`([\w.+-]+@[\w-]+(?:\.[\w-]+)+)`;
const TERMS = String.raw`(net \d+|due on receipt)`;
const PERSON = "([A-Z][a-z]+ [A-Z][a-z]+)";
const STATUS = "(sent|overdue|disputed|partially paid|paid|cancelled)";
const CHANGE = "(?:is now|changed to|moved to|is|:)";

const RULES: readonly { attribute: string; patterns: readonly RegExp[] }[] = [
  { attribute: "amount_due", patterns: [new RegExp(`amount(?: due)? ${CHANGE} ${MONEY}`, "i")] },
  {
    attribute: "due_date",
    patterns: [new RegExp(`due date ${CHANGE} ${DATE}`, "i"), new RegExp(`(?:is now )?due on ${DATE}`, "i")],
  },
  {
    attribute: "status",
    patterns: [
      new RegExp(`status ${CHANGE} ${STATUS}\\b`, "i"),
      new RegExp(`marking (?:this|it) as ${STATUS}\\b`, "i"),
    ],
  },
  {
    attribute: "billing_contact",
    patterns: [
      new RegExp(`billing contact ${CHANGE} ${EMAIL}`, "i"),
      new RegExp(`invoices should go to ${EMAIL}`, "i"),
    ],
  },
  { attribute: "payment_terms", patterns: [new RegExp(`payment terms (?:are now|are|of|:) ${TERMS}`, "i")] },
  { attribute: "deadline", patterns: [new RegExp(`deadline ${CHANGE} ${DATE}`, "i")] },
  { attribute: "budget", patterns: [new RegExp(`budget ${CHANGE} ${MONEY}`, "i")] },
  { attribute: "project_lead", patterns: [new RegExp(`[Pp]roject lead ${CHANGE} ${PERSON}`)] },
];

/** @example await extractFactsByRules("The amount due is now $4,300.00") // → [{ attribute: "amount_due", value: "$4,300.00" }] */
export const extractFactsByRules: FactExtractor = async (text) => {
  const facts: ExtractedFact[] = [];
  for (const rule of RULES) {
    for (const pattern of rule.patterns) {
      const value = pattern.exec(text)?.[1];
      if (value) {
        facts.push({ attribute: rule.attribute, value: value.replace(/[.,]$/, "") });
        break;
      }
    }
  }
  return facts;
};

const INFORMATIVE =
  /\d|@|\b(status|deadline|budget|contact|terms|lead|paid|disputed|overdue|agreed|decided)\b/i;
const MAX_SUMMARY_LINES = 12;

/**
 * Keeps the previous summary's lines and adds one line per informative folded message, dropping
 * the oldest lines past the cap (the facts table keeps what must not be lost).
 */
export const summariseExtractively: Summariser = async (input) => {
  const previous = input.previousSummary === "" ? [] : input.previousSummary.split("\n");
  const added = input.messages
    .filter((message) => INFORMATIVE.test(message.text))
    .map(
      (message) =>
        `- ${new Date(message.at).toISOString().slice(0, 10)} ${message.author}: ${message.text.slice(0, 140)}`,
    );
  const skipped = input.messages.length - added.length;
  const lines = [...previous.filter((line) => !line.startsWith("(")), ...added].slice(-MAX_SUMMARY_LINES);
  const omitted = Number(/^\((\d+) routine/.exec(previous.at(-1) ?? "")?.[1] ?? 0) + skipped;
  return [...lines, `(${omitted} routine messages omitted)`].join("\n");
};
