import type { SummariserInput } from "../../kernel/context/summary-refresh";

/**
 * Stand-ins for the two model calls the context pipeline makes, so the benchmark runs offline and
 * deterministically: fact extraction (rules over the message text; in production a cheap model
 * with a zod-validated output) and the incremental summariser (extractive). Both read only the
 * messages — never the generator's ground truth. The rules know the generator's usual phrasings
 * and, by design, not its free-form ones: those facts are missed here as a weak extractor would.
 */

export interface BenchExtractedFact {
  attribute: string;
  value: string;
}

const MONEY = String.raw`(\$[\d,]+\.\d{2})`;
const DATE = String.raw`(\d{4}-\d{2}-\d{2})`;
const EMAIL = String.raw`([\w.+-]+@[\w-]+(?:\.[\w-]+)+)`;
const TERMS = String.raw`(net \d+|due on receipt)`;
const PERSON = "([A-Z][a-z]+ [A-Z][a-z]+)";
const STATUS = "(sent|overdue|disputed|partially paid|paid)";

const RULES: readonly { attribute: string; patterns: readonly RegExp[] }[] = [
  { attribute: "amount_due", patterns: [new RegExp(`amount due (?:is now|changed to|is) ${MONEY}`, "i")] },
  {
    attribute: "due_date",
    patterns: [new RegExp(`due date (?:moved to|is) ${DATE}`, "i"), new RegExp(`is now due on ${DATE}`, "i")],
  },
  {
    attribute: "status",
    patterns: [
      new RegExp(`status: ${STATUS}\\.`, "i"),
      new RegExp(`is ${STATUS} as of today`, "i"),
      new RegExp(`marking this as ${STATUS}\\.`, "i"),
    ],
  },
  {
    attribute: "billing_contact",
    patterns: [
      new RegExp(`billing contact (?:is now|is) ${EMAIL}`, "i"),
      new RegExp(`invoices should go to ${EMAIL}`, "i"),
      new RegExp(`send invoices to our billing contact ${EMAIL}`, "i"),
    ],
  },
  {
    attribute: "payment_terms",
    patterns: [
      new RegExp(`payment terms (?:are now|of) ${TERMS}`, "i"),
      new RegExp(`(?:move to|agreed) ${TERMS} payment terms`, "i"),
    ],
  },
  { attribute: "deadline", patterns: [new RegExp(`deadline(?: moved to| is now|:) ${DATE}`, "i")] },
  { attribute: "budget", patterns: [new RegExp(`budget (?:is now|of|was approved at) ${MONEY}`, "i")] },
  {
    attribute: "project_lead",
    patterns: [
      new RegExp(`[Pp]roject lead(?: is now|:) ${PERSON}`),
      new RegExp(`${PERSON} (?:takes over as|is the) project lead`),
    ],
  },
];

export function extractFacts(text: string): BenchExtractedFact[] {
  const facts: BenchExtractedFact[] = [];
  for (const rule of RULES) {
    for (const pattern of rule.patterns) {
      const match = pattern.exec(text);
      if (match?.[1]) {
        facts.push({ attribute: rule.attribute, value: match[1].replace(/\.$/, "") });
        break;
      }
    }
  }
  return facts;
}

const INFORMATIVE = /\d|@|\b(status|deadline|budget|contact|terms|lead|paid|disputed|overdue)\b/i;
const MAX_SUMMARY_LINES = 12;

/**
 * Extractive, incremental: keeps the previous summary's lines and adds one line per informative
 * folded message, dropping the oldest lines past the cap (the facts table keeps what matters).
 */
export async function summariseExtractively(input: SummariserInput): Promise<string> {
  const previous = input.previousSummary === "" ? [] : input.previousSummary.split("\n");
  const added = input.messages
    .filter((message) => INFORMATIVE.test(message.text))
    .map((message) => `- ${new Date(message.at).toISOString().slice(0, 10)}: ${message.text.slice(0, 140)}`);
  const skipped = input.messages.length - added.length;
  const lines = [...previous.filter((line) => !line.startsWith("(")), ...added].slice(-MAX_SUMMARY_LINES);
  const covered = Number(/^\((\d+) routine/.exec(previous.at(-1) ?? "")?.[1] ?? 0) + skipped;
  return [...lines, `(${covered} routine messages omitted)`].join("\n");
}
