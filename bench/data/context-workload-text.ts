/**
 * Vocabulary of the context benchmark's synthetic tenant: names, fact phrasings and chatter.
 * Phrasings vary on purpose so fact extraction and relevance ranking meet more than one wording.
 */

export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, identical in every runtime, so the workload is reproducible. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const chance = (rng: Rng, p: number): boolean => rng() < p;

export const CLIENT_PREFIXES = [
  "Acme",
  "Bluebird",
  "Cedarline",
  "Dunmore",
  "Evergreen",
  "Foxglove",
  "Granitex",
  "Harborview",
  "Ironwood",
  "Juniper",
  "Kestrel",
  "Lumenfield",
  "Marigold",
  "Northwind",
  "Oakridge",
  "Pinecrest",
  "Quillon",
  "Riverbend",
  "Saltmarsh",
  "Tidewater",
] as const;
export const CLIENT_SUFFIXES = [
  "Corp",
  "Bakery",
  "Studio",
  "Logistics",
  "Dental",
  "Partners",
  "Labs",
  "Outfitters",
] as const;
export const PROJECT_WORDS = [
  "Rebrand",
  "Webshop",
  "Onboarding Portal",
  "Data Migration",
  "Mobile App",
  "Brochure",
] as const;
export const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Elif",
  "Farid",
  "Greta",
  "Hugo",
  "Ines",
  "Jonas",
  "Kemal",
  "Lena",
  "Marta",
  "Nils",
  "Omar",
  "Priya",
  "Rosa",
  "Sven",
  "Tariq",
  "Uma",
] as const;
export const TEAM = ["sam", "lee", "kim", "alex"] as const;

/** How a fact is worded when the text names its subject (explicit reference or mention). */
export const NAMED_FACT_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  amount_due: [
    "{subject}: amount due is now {value}.",
    "Heads-up, {subject} amount due changed to {value}.",
    "{subject} was revised, the amount due is {value} now.",
  ],
  due_date: [
    "{subject}: due date moved to {value}.",
    "Note that {subject} is now due on {value}.",
    "{subject} due date is {value}.",
  ],
  status: ["{subject} status: {value}.", "{subject} is {value} as of today."],
  billing_contact: [
    "{subject} billing contact is now {value}.",
    "For {subject}, invoices should go to {value} from now on (new billing contact).",
  ],
  payment_terms: [
    "{subject} payment terms are now {value}.",
    "We agreed {value} payment terms with {subject}.",
  ],
  deadline: ["{subject} deadline moved to {value}.", "The {subject} deadline is now {value}."],
  budget: ["{subject} budget is now {value}.", "Budget for {subject} was approved at {value}."],
  project_lead: [
    "{subject} project lead is now {value}.",
    "{value} takes over as project lead on {subject}.",
  ],
};

/** How a fact is worded inside a thread that already says what it is about (a reply, an email). */
export const UNNAMED_FACT_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  amount_due: [
    "Update: the amount due is now {value}.",
    "They asked for a correction, amount due is {value} now.",
  ],
  due_date: ["Due date moved to {value}.", "We agreed the due date is {value}."],
  status: ["Status: {value}.", "Marking this as {value}."],
  billing_contact: [
    "Please note our new billing contact is {value}.",
    "From now on please send invoices to our billing contact {value}.",
  ],
  payment_terms: [
    "We would like to move to {value} payment terms, as discussed.",
    "Confirming payment terms of {value} going forward.",
  ],
  deadline: ["Deadline moved to {value}.", "New deadline: {value}."],
  budget: ["Budget is now {value}.", "The client approved a budget of {value}."],
  project_lead: ["Project lead is now {value}.", "{value} is the project lead from today."],
};

/**
 * Statements a rule-based extractor does not understand (a model might). They keep the benchmark
 * honest: such a fact reaches Cairn's prompt only through recent messages or the summary.
 */
export const FREEFORM_FACT_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  amount_due: ["After the call they agreed to settle {value} instead."],
  due_date: ["They can only manage payment by {value}, we said fine."],
  status: ["Looks like it ended up {value}, fyi."],
  billing_contact: ["Going forward {value} handles all our accounts payable."],
  payment_terms: ["Finance signed off on {value} for them."],
  deadline: ["Client now expects delivery by {value}."],
  budget: ["They topped the spend up to {value} in total."],
  project_lead: ["{value} runs the day-to-day on this one now."],
};

export const CHATTER = [
  "Thanks, I'll look into it this afternoon.",
  "Can we sync tomorrow at 10 to go through the open points?",
  "Attached the latest draft, comments welcome before Friday.",
  "Spoke to them on the phone, generally happy with the progress so far but they want more frequent updates.",
  "Meeting notes: walked through the timeline, agreed to revisit scope after the next milestone, nobody raised blockers.",
  "I'll be out on Thursday, ping me on the phone if something urgent comes up.",
  "Sent the follow-up email with the summary of yesterday's call and the open questions.",
  "Could you double-check the numbers in the spreadsheet before we send anything out?",
  "Quick reminder to log your hours for this week in the tracker.",
  "They asked whether we can present the options in a short deck instead of a document.",
  "Draft looks good to me, two small wording changes in the second paragraph.",
  "Waiting on their legal team before we can move forward with the next step.",
] as const;

export const GENERAL_CHATTER = [
  "Office wifi is flaky again, IT is on it.",
  "Lunch order closes at 11:30 today, add yourself to the list.",
  "Reminder: all-hands moved to Wednesday 4pm.",
  "Who has the spare HDMI adapter from the meeting room?",
  "New coffee machine arrives next week, finally.",
] as const;

export const KNOWLEDGE_BASE = [
  "Payment reminders: first reminder 3 days after the due date, second after 10 days, then a phone call.",
  "Invoices over $10,000 need approval from a partner before they are sent.",
  "Disputed invoices are put on hold; reminders stop until the dispute is resolved.",
  "Default payment terms for new clients are net 30 unless the contract says otherwise.",
  "Project budgets may be exceeded by at most 10% without a change request signed by the client.",
  "Project deadlines are confirmed in writing to the client's project contact.",
  "Billing contacts are updated in the CRM the same day a client tells us about a change.",
  "The company is closed between Christmas and New Year; no reminders go out in that week.",
  "Time is tracked in 15-minute increments and approved weekly by the project lead.",
  "Refunds are issued within 14 days to the original payment method.",
] as const;
