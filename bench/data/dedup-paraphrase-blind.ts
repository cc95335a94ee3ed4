/**
 * Over 400 lines on purpose: it is data, one labelled event per entry, frozen since it was written.
 *
 * BLIND paraphrase stream. Written before any dedup code was changed for issue 21 and committed
 * on its own; never used for tuning, and its per-item mistakes are never printed (only totals
 * per layer and case). Three tenants unlike the design-and-build templates: a bookkeeping firm,
 * a caterer and an IT support shop, plus a German and a French group. Wording was chosen to
 * avoid the normaliser's synonym lists (kernel/dedup/vocabulary.ts) where a person would.
 */
import { args, type StreamGroup } from "./dedup-paraphrase-groups";

const task = (
  tenant: string,
  start: number,
  members: StreamGroup["members"],
  extra: Partial<StreamGroup> = {},
) => ({ layer: "task", tenant, start, members, ...extra }) satisfies StreamGroup;
const m = (after: number, text: string, extra: Partial<StreamGroup["members"][number]> = {}) => ({
  after,
  text,
  ...extra,
});

const hl = "harbourlight";
const ck = "copperkettle";
const nw = "northwind-it";

const taskGroups: StreamGroup[] = [
  task(hl, 0, [
    m(0, "Phone Priya Raman about her missing P60"),
    m(95, "Give Priya Raman a ring regarding the P60 she hasn't received"),
    m(600, "Priya Raman never got her P60 — can someone call her?"),
  ]),
  task(hl, 3, [m(0, "Phone Tomasz Nowak about his missing P60")], { case: "neg:other-client" }),
  task(hl, 1, [
    m(0, "File the VAT return for Bellweather Books"),
    m(240, "Submit Bellweather Books' VAT return to HMRC"),
    m(1300, "Bellweather Books VAT return needs lodging"),
  ]),
  task(hl, 5, [m(0, "File the corporation tax return for Bellweather Books")], {
    case: "neg:other-document",
  }),
  task(hl, 2, [
    m(0, "Reconcile the Lloyds business account for October"),
    m(180, "Do the October bank rec for the Lloyds account"),
    m(900, "Match up October's Lloyds transactions against the ledger"),
  ]),
  task(hl, 8, [m(0, "Reconcile the Lloyds business account for November")], { case: "neg:other-date" }),
  task(hl, 4, [
    m(0, "Get on to Fenwick Joinery about the £2,400 they still owe"),
    m(300, "Fenwick Joinery haven't paid the £2,400 yet, follow it up"),
    m(1500, "Press Fenwick Joinery for the outstanding £2,400"),
  ]),
  task(hl, 9, [m(0, "Get on to Fenwick Joinery about the £4,200 they still owe")], {
    case: "neg:other-amount",
  }),
  task(hl, 6, [
    m(0, "Process Maple & Finch payroll for the 28th"),
    m(120, "Run the 28th payroll for Maple & Finch"),
    m(700, "Maple & Finch staff need paying on the 28th, do the payroll run"),
  ]),
  task(hl, 12, [m(0, "Process Maple & Finch payroll for the 14th")], { case: "neg:other-date" }),
  task(hl, 7, [
    m(0, "Draft the engagement letter for new client Osei Architects"),
    m(200, "Write up an engagement letter for Osei Architects, they just signed on"),
    m(1000, "Osei Architects need their letter of engagement prepared"),
  ]),
  task(hl, 10, [m(0, "Draft the privacy notice for new client Osei Architects")], {
    case: "neg:other-document",
  }),
  task(hl, 11, [
    m(0, "Order more printer toner for the office"),
    m(60, "We're out of toner — buy some for the printer"),
    m(480, "Restock the printer cartridges"),
  ]),
  task(hl, 13, [m(0, "Order more printer paper for the office")], { case: "neg:other-item" }),
  task(hl, 14, [
    m(0, "Book a meeting room for the Thursday partners' meeting"),
    m(45, "Reserve a room for the partners on Thursday"),
  ]),
  task(hl, 15, [m(0, "Book a meeting room for the Tuesday partners' meeting")], { case: "neg:other-date" }),
  task(ck, 0, [
    m(0, "Confirm the canapé numbers with the Hartley wedding party"),
    m(150, "Check how many canapés the Hartley wedding wants"),
    m(800, "Get a final canapé headcount from the Hartleys"),
  ]),
  task(ck, 2, [m(0, "Confirm the canapé numbers with the Lindqvist wedding party")], {
    case: "neg:other-client",
  }),
  task(ck, 1, [
    m(0, "Get the walk-in fridge serviced, it's running warm"),
    m(90, "The walk-in chiller is too warm, call out an engineer"),
    m(400, "Arrange a repair for the walk-in fridge, the temperature keeps creeping up"),
  ]),
  task(ck, 4, [m(0, "Get the walk-in freezer serviced, it's running warm")], { case: "neg:other-item" }),
  task(ck, 3, [
    m(0, "Pick up 40 kg of flour from Millbrook Mills on Friday"),
    m(200, "Collect the 40 kg flour order from Millbrook Mills Friday"),
    m(600, "Someone needs to fetch 40kg of flour from Millbrook Mills on Friday"),
  ]),
  task(ck, 6, [m(0, "Pick up 60 kg of flour from Millbrook Mills on Friday")], { case: "neg:other-amount" }),
  task(ck, 5, [
    m(0, "Update the allergen sheet for the new autumn menu"),
    m(300, "Revise the allergen information now the autumn menu has changed"),
    m(1200, "Autumn menu allergens: refresh the chart"),
  ]),
  task(ck, 9, [m(0, "Update the allergen sheet for the new winter menu")], { case: "neg:other-item" }),
  task(ck, 7, [
    m(0, "Refund Carla Mendes's deposit for the cancelled christening"),
    m(100, "Carla Mendes cancelled the christening booking, pay her deposit back"),
    m(900, "Return the christening deposit to Carla Mendes, it was called off"),
  ]),
  task(ck, 10, [m(0, "Refund Carla Mendes's deposit for the cancelled birthday party")], {
    case: "neg:other-item",
  }),
  task(ck, 8, [
    m(0, "Hire two extra waiting staff for the Guildhall dinner on 12 December"),
    m(250, "Find 2 more servers for the 12 Dec Guildhall dinner"),
    m(1100, "We need another two waiters at the Guildhall on 12th December"),
  ]),
  task(ck, 11, [m(0, "Hire two extra waiting staff for the Guildhall dinner on 19 December")], {
    case: "neg:other-date",
  }),
  task(ck, 12, [
    m(0, "Take the van to the garage for its MOT"),
    m(30, "The delivery van is due its MOT, book it in at the garage"),
  ]),
  task(nw, 0, [
    m(0, "Reset the VPN password for Oliver Grant"),
    m(40, "Oliver Grant is locked out of the VPN, give him a new password"),
    m(500, "Sort out a fresh VPN login for Oliver Grant"),
  ]),
  task(nw, 2, [m(0, "Reset the email password for Oliver Grant")], { case: "neg:other-item" }),
  task(nw, 3, [m(0, "Reset the VPN password for Olivia Grant")], { case: "neg:other-client" }),
  task(nw, 1, [
    m(0, "Swap the failing hard drive in the Redfern Dental server"),
    m(180, "Replace the dying disk in Redfern Dental's server"),
    m(700, "Redfern Dental's server has a bad drive, put a new one in"),
  ]),
  task(nw, 5, [m(0, "Swap the failing hard drive in the Ashby Vets server")], { case: "neg:other-client" }),
  task(nw, 4, [
    m(0, "Patch the firewall at Kestrel Logistics to firmware 7.2.4"),
    m(220, "Upgrade Kestrel Logistics' firewall firmware to 7.2.4"),
    m(1000, "Apply firmware 7.2.4 to the Kestrel Logistics firewall"),
  ]),
  task(nw, 7, [m(0, "Patch the firewall at Kestrel Logistics to firmware 7.4.1")], {
    case: "neg:other-version",
  }),
  task(nw, 6, [
    m(0, "Set up a laptop for the new starter at Pemberton Law on Monday"),
    m(150, "Pemberton Law have someone starting Monday; prepare a laptop for them"),
    m(900, "Configure a notebook for Pemberton Law's Monday joiner"),
  ]),
  task(nw, 9, [m(0, "Set up a laptop for the new starter at Pemberton Law on Wednesday")], {
    case: "neg:other-date",
  }),
  task(nw, 8, [
    m(0, "Invoice Kestrel Logistics for the October support hours"),
    m(120, "Bill Kestrel Logistics for October's support time"),
    m(800, "Raise the October support invoice for Kestrel Logistics"),
  ]),
  task(nw, 10, [m(0, "Invoice Redfern Dental for the October support hours")], { case: "neg:other-client" }),
  task(nw, 11, [m(0, "Invoice Kestrel Logistics for the September support hours")], {
    case: "neg:other-date",
  }),
  task(nw, 12, [
    m(0, "Investigate why the Ashby Vets printer keeps dropping off the network"),
    m(100, "Ashby Vets' printer disconnects from the Wi-Fi all the time, look into it"),
    m(600, "Find out what's making the Ashby Vets printer lose its connection"),
  ]),
  task(nw, 14, [m(0, "Investigate why the Ashby Vets scanner keeps dropping off the network")], {
    case: "neg:other-item",
  }),
  task(nw, 13, [
    m(0, "Rufen Sie Frau Becker wegen der offenen Rechnung an"),
    m(200, "Frau Becker anrufen: Rechnung noch offen"),
    m(700, "Bei Frau Becker wegen der unbezahlten Rechnung telefonisch nachhaken"),
  ]),
  task(nw, 15, [m(0, "Rufen Sie Herrn Schulz wegen der offenen Rechnung an")], { case: "neg:other-client" }),
  task(ck, 13, [
    m(0, "Envoyer le devis à la société Lambert avant vendredi"),
    m(120, "Faire parvenir le devis à Lambert d'ici vendredi"),
  ]),
  task(ck, 15, [m(0, "Envoyer la facture à la société Lambert avant vendredi")], {
    case: "neg:other-document",
  }),
  // The same words in another tenant are that tenant's own work.
  task(ck, 16, [m(0, "Order more printer toner for the office")], { case: "neg:cross-tenant" }),
  task(nw, 16, [m(0, "Book a meeting room for the Thursday partners' meeting")], {
    case: "neg:cross-tenant",
  }),
];

const proposal = (
  tenant: string,
  start: number,
  action: string,
  target: string,
  members: StreamGroup["members"],
  extra: Partial<StreamGroup> = {},
) =>
  ({
    layer: "proposal",
    tenant,
    start,
    key: action,
    entity: target,
    members,
    ...extra,
  }) satisfies StreamGroup;

const proposalGroups: StreamGroup[] = [
  proposal(hl, 20, "send_message", "client:fenwick-joinery", [
    m(
      0,
      args({
        to: "accounts@fenwickjoinery.co.uk",
        text: "Hi, a quick reminder that invoice HL-2291 for £2,400 is still unpaid. Could you let us know when it will be settled?",
      }),
    ),
    m(
      50,
      args({
        to: "accounts@fenwickjoinery.co.uk",
        text: "Hello, just chasing payment of HL-2291 (£2,400), which is now past due. When can we expect it?",
      }),
    ),
    m(
      200,
      args({
        to: "accounts@fenwickjoinery.co.uk",
        text: "Following up on our invoice HL-2291 of £2,400: it remains outstanding. Please advise on a payment date.",
      }),
    ),
  ]),
  proposal(
    hl,
    22,
    "send_message",
    "client:fenwick-joinery",
    [
      m(
        0,
        args({
          to: "accounts@fenwickjoinery.co.uk",
          text: "Hi, a quick reminder that invoice HL-2314 for £1,150 is still unpaid. Could you let us know when it will be settled?",
        }),
      ),
    ],
    { case: "neg:other-document" },
  ),
  proposal(hl, 21, "schedule_meeting", "room:board-room", [
    m(0, args({ room: "Board room", date: "2026-12-10", time: "10:00", title: "Partners' meeting" })),
    m(30, args({ title: "Partners meeting", time: "10:00", date: "2026-12-10", room: "Board room" })),
  ]),
  proposal(
    hl,
    23,
    "schedule_meeting",
    "room:board-room",
    [m(0, args({ room: "Board room", date: "2026-12-15", time: "10:00", title: "Partners' meeting" }))],
    { case: "neg:other-date" },
  ),
  proposal(hl, 24, "post_message", "channel:all-staff", [
    m(0, args({ channel: "#all-staff", text: "Reminder: timesheets are due by 5pm on Friday." })),
    m(90, args({ channel: "#all-staff", text: "Don't forget to submit your timesheets before 5pm Friday!" })),
    m(
      300,
      args({ channel: "#all-staff", text: "Friendly nudge — get your timesheets in by 5pm this Friday." }),
    ),
  ]),
  proposal(
    hl,
    25,
    "post_message",
    "channel:all-staff",
    [m(0, args({ channel: "#all-staff", text: "Reminder: expense claims are due by 5pm on Friday." }))],
    { case: "neg:other-document" },
  ),
  proposal(ck, 20, "pay_supplier", "supplier:millbrook-mills", [
    m(0, args({ supplier: "Millbrook Mills", amount: "£312.50", reference: "MM-7781" })),
    m(15, args({ reference: "MM-7781", amount: "£312.50", supplier: "Millbrook Mills" })),
  ]),
  proposal(
    ck,
    21,
    "pay_supplier",
    "supplier:millbrook-mills",
    [m(0, args({ supplier: "Millbrook Mills", amount: "£298.00", reference: "MM-7794" }))],
    { case: "neg:other-amount" },
  ),
  proposal(ck, 22, "refund_payment", "client:carla-mendes", [
    m(0, args({ customer: "Carla Mendes", amount: "£250", reason: "christening cancelled" })),
    m(60, args({ amount: "£250", customer: "Carla Mendes", reason: "the christening was called off" })),
  ]),
  proposal(
    ck,
    23,
    "refund_payment",
    "client:carla-mendes",
    [m(0, args({ customer: "Carla Mendes", amount: "£150", reason: "christening cancelled" }))],
    { case: "neg:other-amount" },
  ),
  proposal(ck, 24, "send_message", "client:hartley-wedding", [
    m(
      0,
      args({
        to: "hartleys@example.com",
        text: "Could you confirm your final canapé numbers for Saturday by Wednesday, please?",
      }),
    ),
    m(
      120,
      args({
        to: "hartleys@example.com",
        text: "Just checking in: we need the final canapé count for Saturday no later than Wednesday.",
      }),
    ),
    m(
      400,
      args({
        to: "hartleys@example.com",
        text: "A gentle reminder to let us know how many canapés you'd like on Saturday before Wednesday.",
      }),
    ),
  ]),
  proposal(
    ck,
    26,
    "send_message",
    "client:hartley-wedding",
    [
      m(
        0,
        args({
          to: "hartleys@example.com",
          text: "Could you confirm your final dessert choices for Saturday by Wednesday, please?",
        }),
      ),
    ],
    { case: "neg:other-item" },
  ),
  proposal(nw, 20, "send_message", "user:oliver-grant", [
    m(
      0,
      args({
        to: "oliver.grant",
        text: "Your new VPN password is ready; please call the helpdesk to collect it.",
      }),
    ),
    m(
      25,
      args({
        to: "oliver.grant",
        text: "We've reset your VPN login. Ring the helpdesk and we'll give you the new password.",
      }),
    ),
  ]),
  proposal(nw, 22, "send_message", "client:becker", [
    m(
      0,
      args({
        to: "becker@example.de",
        text: "Erinnerung: Die Rechnung RE-4471 über 890 € ist seit zwei Wochen fällig.",
      }),
    ),
    m(
      180,
      args({
        to: "becker@example.de",
        text: "Wir möchten Sie an die noch offene Rechnung RE-4471 (890 €) erinnern.",
      }),
    ),
  ]),
  proposal(
    nw,
    24,
    "send_message",
    "client:becker",
    [
      m(
        0,
        args({
          to: "becker@example.de",
          text: "Erinnerung: Die Rechnung RE-4502 über 1.240 € ist seit zwei Wochen fällig.",
        }),
      ),
    ],
    { case: "neg:other-document" },
  ),
  proposal(nw, 25, "create_invoice", "client:kestrel-logistics", [
    m(0, args({ client: "Kestrel Logistics", period: "2026-10", hours: 14.5 })),
  ]),
  proposal(
    nw,
    25.5,
    "send_message",
    "client:kestrel-logistics",
    [m(0, args({ to: "ap@kestrel.example", text: "Your October support invoice is attached." }))],
    { case: "neg:same-target-other-action" },
  ),
  proposal(
    hl,
    26,
    "send_message",
    "client:fenwick-joinery",
    [
      m(
        0,
        args({
          to: "accounts@fenwickjoinery.co.uk",
          text: "Hello, just chasing payment of HL-2291 (£2,400), which is now past due. When can we expect it?",
        }),
      ),
    ],
    { tenant: ck, case: "neg:cross-tenant" },
  ),
];

const channel = (
  tenant: string,
  start: number,
  members: StreamGroup["members"],
  extra: Partial<StreamGroup> = {},
) => ({ layer: "channel", tenant, start, source: "telegram", members, ...extra }) satisfies StreamGroup;

const question = "Has anyone heard back from Bellweather Books about the VAT figures?";
const rota = "Who is covering the Guildhall dinner shift on the 12th? I still have two gaps on the rota.";
const outage = "The Kestrel Logistics VPN has been down since 7am and their warehouse can't print labels";

const channelGroups: StreamGroup[] = [
  channel(hl, 30, [
    m(0, question, { key: "70011", entity: "u-anna" }),
    m(0.5, question, { key: "70011", entity: "u-anna", case: "retry" }),
    m(3, question, { key: "70011", entity: "u-anna", case: "retry" }),
  ]),
  // The same person asking again twenty minutes later is a new message someone should answer.
  channel(hl, 30 + 20 / 60, [m(0, question, { key: "70019", entity: "u-anna" })], {
    case: "neg:asked-again",
  }),
  channel(hl, 33, [m(0, question, { key: "70102", entity: "u-anna" })], { case: "neg:asked-again" }),
  channel(hl, 31, [m(0, question, { key: "70015", entity: "u-marek" })], { case: "neg:other-sender" }),
  channel(ck, 30, [
    m(0, rota, { key: "C0931", entity: "u-jo", source: "slack" }),
    m(1, rota, { key: "C0931", entity: "u-jo", source: "slack", case: "retry" }),
    m(4, "Who is covering the Guildhall dinner shift on the 12th? I still have three gaps on the rota.", {
      key: "C0931",
      entity: "u-jo",
      source: "slack",
      case: "edit",
    }),
    m(45, `Forwarded from Jo Adeyemi:\n${rota}`, {
      key: "C0960",
      entity: "u-sam",
      source: "slack",
      case: "forward",
    }),
  ]),
  channel(ck, 30.5 + 25 / 60, [m(0, rota, { key: "C0955", entity: "u-jo", source: "slack" })], {
    case: "neg:asked-again",
  }),
  channel(nw, 30, [
    m(0, outage, { key: "9001", entity: "u-raj" }),
    m(0.2, outage, { key: "9001", entity: "u-raj", case: "retry" }),
    m(12, `Fwd: ${outage}`, { key: "9007", entity: "u-lee", case: "forward" }),
    m(30, `---------- Forwarded message ---------\nFrom: Raj <raj@northwind.example>\n\n${outage}`, {
      key: "9012",
      entity: "u-kim",
      case: "forward",
    }),
    m(50, `Begin forwarded message:\n\n${outage}`, { key: "9020", entity: "u-ola", case: "forward" }),
  ]),
  channel(nw, 30 + 40 / 60, [m(0, outage, { key: "9015", entity: "u-raj" })], { case: "neg:asked-again" }),
  channel(nw, 31, [m(0, outage, { key: "9030", entity: "u-ola" })], { case: "neg:other-sender" }),
  channel(nw, 32, [
    m(0, "Rechnung RE-4471 ist immer noch nicht bezahlt, soll ich Frau Becker nochmal anschreiben?", {
      key: "9100",
      entity: "u-jan",
    }),
    m(
      20,
      "---------- Weitergeleitete Nachricht ---------\nRechnung RE-4471 ist immer noch nicht bezahlt, soll ich Frau Becker nochmal anschreiben?",
      {
        key: "9110",
        entity: "u-raj",
        case: "forward",
      },
    ),
  ]),
  channel(ck, 32, [
    m(0, "Le client Lambert demande si le devis inclut la livraison du buffet.", {
      key: "C1200",
      entity: "u-lea",
    }),
    m(0.1, "Le client Lambert demande si le devis inclut la livraison du buffet.", {
      key: "C1200",
      entity: "u-lea",
      case: "retry",
    }),
    m(
      15,
      "-------- Message transféré --------\nLe client Lambert demande si le devis inclut la livraison du buffet.",
      {
        key: "C1209",
        entity: "u-jo",
        case: "forward",
      },
    ),
  ]),
  channel(hl, 34, [
    m(0, "Can someone send me the Osei Architects engagement letter template?", {
      key: "70200",
      entity: "u-marek",
    }),
    m(2, "Can someone send me the Osei Architects engagement letter template??", {
      key: "70200",
      entity: "u-marek",
      case: "edit",
    }),
  ]),
  channel(hl, 35, [m(0, "ok thanks", { key: "70300", entity: "u-anna" })]),
  channel(hl, 35.1, [m(0, "ok thanks", { key: "70301", entity: "u-marek" })], { case: "neg:other-sender" }),
  channel(hl, 35.2, [m(0, "ok thanks", { key: "70302", entity: "u-anna" })], { case: "neg:asked-again" }),
  // The same outage message in another tenant's workspace.
  channel(hl, 36, [m(0, outage, { key: "9001", entity: "u-raj" })], { case: "neg:cross-tenant" }),
];

export const blindGroups: readonly StreamGroup[] = [...taskGroups, ...proposalGroups, ...channelGroups];
