/**
 * Task work items and the ways people and agents word them. Each kind lists paraphrases that a
 * person would accept as "the same task"; the generator picks among them. Different kinds, or the
 * same kind with different slot values, are different work — that is the ground truth.
 */

export interface Slots {
  client: string;
  project: string;
  address: string;
  invoice: string;
  supplier: string;
  supplierInvoice: string;
  material: string;
  person: string;
  certificate: string;
  bug: string;
  app: string;
  version: string;
  topic: string;
  trade: string;
  amount: string;
  date: string;
}

export interface TaskKind {
  name: string;
  /** Which slots make two tasks of this kind the same work. */
  identity: ReadonlyArray<keyof Slots>;
  /** The entity a careful agent would attach, when it attaches one. */
  entity: (s: Slots) => string;
  /** A dedup key a discoverer would attach, for kinds discoverers create. */
  key?: (s: Slots) => string;
  paraphrases: ReadonlyArray<(s: Slots) => string>;
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

export const taskKinds: readonly TaskKind[] = [
  {
    name: "send_quote",
    identity: ["client", "project"],
    entity: (s) => `client:${slug(s.client)}`,
    paraphrases: [
      (s) => `Send the revised ${s.project} quote to ${s.client}`,
      (s) => `Email ${s.client} the updated quotation for the ${s.project}`,
      (s) => `${s.client} still need the new ${s.project} quote, can someone send it over?`,
      (s) => `Get the amended ${s.project} estimate across to ${s.client} today`,
      (s) => `Quote for ${s.client}'s ${s.project}: send them the revised version`,
    ],
  },
  {
    name: "chase_invoice",
    identity: ["invoice"],
    entity: (s) => `invoice:${s.invoice}`,
    key: (s) => `overdue:${s.invoice}`,
    paraphrases: [
      (s) => `Chase ${s.client} for payment of invoice ${s.invoice}`,
      (s) => `Follow up with ${s.client} on unpaid invoice ${s.invoice}`,
      (s) => `Invoice ${s.invoice} (${s.client}) is overdue, send a reminder`,
      (s) => `Remind ${s.client} that ${s.invoice} for ${s.amount} hasn't been paid yet`,
      (s) => `${s.invoice} from ${s.client} is still outstanding, chase it up`,
    ],
  },
  {
    name: "site_visit",
    identity: ["client", "address"],
    entity: (s) => `client:${slug(s.client)}`,
    paraphrases: [
      (s) => `Book a site visit with ${s.client} at ${s.address} for the ${s.project}`,
      (s) => `Arrange to visit ${s.address} to survey the ${s.project} for ${s.client}`,
      (s) => `Schedule a survey at ${s.address} (${s.client}, ${s.project})`,
      (s) => `Set up a site visit: ${s.client}, ${s.project}, ${s.address}`,
    ],
  },
  {
    name: "order_materials",
    identity: ["supplier", "material", "project"],
    entity: (s) => `project:${slug(s.project)}`,
    paraphrases: [
      (s) => `Order ${s.material} from ${s.supplier} for the ${s.project}`,
      (s) => `Place the ${s.material} order with ${s.supplier} (${s.project})`,
      (s) => `We need ${s.material} for the ${s.project}, order it from ${s.supplier}`,
      (s) => `Get ${s.supplier} to deliver the ${s.material} for the ${s.project}`,
    ],
  },
  {
    name: "scaffold_inspection",
    identity: ["address"],
    entity: (s) => `site:${slug(s.address)}`,
    paraphrases: [
      (s) => `Inspect the scaffold at ${s.address} before work restarts`,
      (s) => `Scaffold at ${s.address} needs its weekly inspection`,
      (s) => `Check the scaffolding at ${s.address} and update the tag`,
      (s) => `Weekly scaffold check due at ${s.address}`,
    ],
  },
  {
    name: "fix_bug",
    identity: ["bug"],
    entity: () => "app:website",
    paraphrases: [
      (s) => `Fix the bug where the ${s.bug}`,
      (s) => `Website issue: ${s.bug}. Please fix`,
      (s) => `Look into why the ${s.bug} and repair it`,
      (s) => `Bug report from the office: ${s.bug}`,
    ],
  },
  {
    name: "renew_certificate",
    identity: ["person", "certificate"],
    entity: (s) => `person:${slug(s.person)}`,
    key: (s) => `renewal:${slug(s.person)}:${slug(s.certificate)}`,
    paraphrases: [
      (s) => `Renew ${s.person}'s ${s.certificate} before it expires`,
      (s) => `${s.person}'s ${s.certificate} expires soon, book the renewal`,
      (s) => `Book the ${s.certificate} renewal for ${s.person}`,
      (s) => `Arrange renewal of the ${s.certificate} held by ${s.person}`,
    ],
  },
  {
    name: "portfolio_post",
    identity: ["client", "project"],
    entity: (s) => `client:${slug(s.client)}`,
    paraphrases: [
      (s) => `Write a portfolio post about the ${s.project} for ${s.client}`,
      (s) => `Draft a blog post showcasing the finished ${s.project} (${s.client})`,
      (s) => `Put ${s.client}'s ${s.project} on the website portfolio with photos`,
    ],
  },
  {
    name: "pay_supplier",
    identity: ["supplierInvoice"],
    entity: (s) => `supplier:${slug(s.supplier)}`,
    key: (s) => `bill:${s.supplierInvoice}`,
    paraphrases: [
      (s) => `Pay ${s.supplier} invoice ${s.supplierInvoice} (${s.amount})`,
      (s) => `Settle ${s.supplier}'s bill ${s.supplierInvoice}`,
      (s) => `${s.supplier} bill ${s.supplierInvoice} for ${s.amount} is due, pay it`,
    ],
  },
  {
    name: "deploy",
    identity: ["app", "version"],
    entity: (s) => `app:${slug(s.app)}`,
    paraphrases: [
      (s) => `Deploy ${s.app} ${s.version} to production`,
      (s) => `Release ${s.version} of the ${s.app}`,
      (s) => `Ship ${s.app} ${s.version} to live`,
    ],
  },
  {
    name: "call_client",
    identity: ["client", "topic"],
    entity: (s) => `client:${slug(s.client)}`,
    paraphrases: [
      (s) => `Call ${s.client} about the ${s.topic}`,
      (s) => `Phone ${s.client} to discuss the ${s.topic}`,
      (s) => `Ring ${s.client} re the ${s.topic}`,
    ],
  },
  {
    name: "book_trade",
    identity: ["trade", "project", "date"],
    entity: (s) => `project:${slug(s.project)}`,
    paraphrases: [
      (s) => `Book a ${s.trade} for the ${s.project} on ${s.date}`,
      (s) => `Get a ${s.trade} booked in for ${s.date} on the ${s.project}`,
      (s) => `We need a ${s.trade} on the ${s.project} on ${s.date}, please book one`,
    ],
  },
];
