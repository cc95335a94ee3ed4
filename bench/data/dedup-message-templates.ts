/**
 * Inbound chat messages, discoverer findings and proposed actions, hand-written. As for tasks,
 * each intent lists wordings that mean the same thing; the generator decides what is a repeat
 * by construction (same message, same finding, same intent), never by asking the algorithm.
 */
import type { Slots } from "./dedup-task-templates";

type Template = (s: Slots) => string;

/** Messages people send the company's chat: questions, updates, requests. */
export const inboundMessages: readonly Template[] = [
  (s) => `Hi, is the ${s.trade} still coming to ${s.address} tomorrow morning?`,
  (s) => `Can you send me the final drawings for the ${s.project} please`,
  (s) => `The ${s.material} delivery for ${s.address} hasn't arrived yet, any news?`,
  (s) => `We'd like to change the tiles in the ${s.project}, can we talk this week?`,
  (s) => `Has invoice ${s.invoice} been paid? The bank shows nothing yet`,
  (s) => `Skip at ${s.address} is full, can someone book a swap`,
  (s) => `Reminder: toolbox talk on working at height, Monday 7am at ${s.address}`,
  (s) => `Water leak under the sink at ${s.address}, tenant says it's getting worse`,
  (s) => `Please confirm the start date for the ${s.project}, we need to book time off`,
  (s) => `Planning officer called about the ${s.project}, wants a call back today`,
  (s) => `Scaffold tag at ${s.address} is out of date, don't let anyone up until it's checked`,
  (s) => `${s.supplier} says the ${s.material} are back-ordered until next week`,
];

/** Edits people make to a message they already sent. */
export const edits: readonly ((text: string, s: Slots) => string)[] = [
  (text) => `${text} (edited)`,
  (text) => text.replace(/\?$/, "??"),
  (text, s) => `${text}. Thanks, ${s.person}`,
  (text) => text.replace(/please/i, "pls"),
  (text) => `${text} — sorry, typo before`,
];

/** Short acknowledgements many people send; identical text from two people is still two messages. */
export const acknowledgements = [
  "ok thanks",
  "On my way",
  "Running 10 minutes late",
  "Done 👍",
  "Will do",
  "Noted, cheers",
];

/** Questions that several crew members plausibly ask word for word on the same day. */
export const commonQuestions: readonly Template[] = [
  (s) => `What time are we starting at ${s.address} tomorrow?`,
  (s) => `Has the skip been collected from ${s.address} yet?`,
  (s) => `Who has the keys for ${s.address} this week?`,
];

export interface FindingKind {
  source: string;
  entity: (s: Slots) => string | undefined;
  /** Discoverers reading a table know the row; feeds and message scans do not. */
  key?: (s: Slots) => string;
  /** `n` is the count that grows between cycles (days overdue, hours waiting). */
  text: (s: Slots, n: number) => string;
}

export const findingKinds: readonly FindingKind[] = [
  {
    source: "overdue_invoices",
    entity: (s) => `invoice:${s.invoice}`,
    key: (s) => `overdue:${s.invoice}`,
    text: (s, n) => `Invoice ${s.invoice} for ${s.client} is ${n} days overdue (${s.amount})`,
  },
  {
    source: "overdue_invoices",
    entity: (s) => `invoice:${s.invoice}`,
    key: (s) => `disputed:${s.invoice}`,
    text: (s) => `${s.client} disputes the amount on invoice ${s.invoice}`,
  },
  {
    source: "due_dates",
    entity: (s) => `person:${s.person.toLowerCase()}`,
    key: (s) => `expiry:${s.person}:${s.certificate}`,
    text: (s, n) => `${s.person}'s ${s.certificate} expires in ${n} days`,
  },
  {
    source: "stale_tasks",
    entity: (s) => `client:${s.client}`,
    key: (s) => `stale:${s.client}:${s.project}`,
    text: (s, n) => `Task "quote for ${s.client}'s ${s.project}" has not moved for ${n} days`,
  },
  {
    source: "unanswered_messages",
    entity: (s) => `thread:${s.client}`,
    text: (s, n) => `${s.client} has waited ${n} hours for a reply about the ${s.topic}`,
  },
  {
    source: "unanswered_messages",
    entity: (s) => `thread:${s.client}`,
    text: (s, n) => `Question from ${s.client} about the ${s.project} unanswered for ${n} hours`,
  },
];

export interface ProposalIntent {
  action: string;
  target: (s: Slots) => string;
  /** Which slots make two proposals of this intent the same action. */
  identity: ReadonlyArray<keyof Slots>;
  /** Argument objects that do the same thing; key order varies on purpose. */
  wordings: ReadonlyArray<(s: Slots) => Record<string, unknown>>;
}

const who = (s: Slots) => s.client.toLowerCase().replace(/[^a-z]+/g, "-");

export const proposalIntents: readonly ProposalIntent[] = [
  {
    action: "send_message",
    target: (s) => `client:${who(s)}`,
    identity: ["client", "invoice"],
    wordings: [
      (s) => ({
        to: who(s),
        text: `Hi ${s.client}, a reminder that invoice ${s.invoice} for ${s.amount} is overdue. When can we expect payment?`,
      }),
      (s) => ({
        text: `Hello ${s.client}, just a reminder that invoice ${s.invoice} (${s.amount}) is now overdue. When can we expect payment?`,
        to: who(s),
      }),
      (s) => ({
        to: who(s),
        text: `Dear ${s.client}, invoice ${s.invoice} for ${s.amount} is overdue, a reminder. When can we expect payment please?`,
      }),
    ],
  },
  {
    action: "send_message",
    target: (s) => `client:${who(s)}`,
    identity: ["client", "date", "address"],
    wordings: [
      (s) => ({
        to: who(s),
        text: `Hi ${s.client}, confirming our site visit at ${s.address} on ${s.date} at 9am.`,
      }),
      (s) => ({
        text: `Hello ${s.client}, this confirms the site visit at ${s.address} on ${s.date}, 9am.`,
        to: who(s),
      }),
    ],
  },
  {
    action: "send_message",
    target: (s) => `client:${who(s)}`,
    identity: ["client", "project"],
    wordings: [
      (s) => ({ to: who(s), text: `Hi ${s.client}, the revised quote for your ${s.project} is attached.` }),
      (s) => ({
        to: who(s),
        text: `Hello ${s.client}, attached is the revised quote for your ${s.project}.`,
      }),
    ],
  },
  {
    action: "pay_supplier",
    target: (s) => `supplier:${s.supplier.toLowerCase()}`,
    identity: ["supplier", "supplierInvoice"],
    wordings: [
      (s) => ({ invoice: s.supplierInvoice, amount: s.amount }),
      (s) => ({ amount: s.amount, invoice: s.supplierInvoice }),
    ],
  },
  {
    action: "deploy",
    target: (s) => `app:${s.app}`,
    identity: ["app", "version"],
    wordings: [
      (s) => ({ version: s.version, environment: "production" }),
      (s) => ({ environment: "production", version: s.version }),
    ],
  },
  {
    action: "book_subcontractor",
    target: (s) => `project:${s.project}`,
    identity: ["project", "trade", "date"],
    wordings: [
      (s) => ({ trade: s.trade, date: s.date, site: s.address }),
      (s) => ({ site: s.address, date: s.date, trade: s.trade }),
    ],
  },
];
