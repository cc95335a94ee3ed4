/**
 * DEV paraphrase stream: the one issue 21's dedup changes were tuned on (its mistakes are
 * printed with `--verbose`). Written after the blind stream, by the same hand but about other
 * businesses (a dental practice, a landscaper, a marketing agency) and in other words, so that
 * tuning on it does not tune on the blind stream's vocabulary.
 */
import { args, type StreamGroup } from "./dedup-paraphrase-groups";

type Member = StreamGroup["members"][number];
const m = (after: number, text: string, extra: Partial<Member> = {}) => ({ after, text, ...extra });
const task = (tenant: string, start: number, members: Member[], extra: Partial<StreamGroup> = {}) =>
  ({ layer: "task", tenant, start, members, ...extra }) satisfies StreamGroup;

const dp = "smilewell";
const gl = "greenleaf";
const ma = "brightside";

const taskGroups: StreamGroup[] = [
  task(dp, 0, [
    m(0, "Call Mr Hughes to move his Tuesday check-up"),
    m(80, "Ring Mr Hughes and rebook his Tuesday appointment"),
    m(500, "Mr Hughes needs his Tuesday check-up rescheduled, phone him"),
  ]),
  task(dp, 2, [m(0, "Call Mrs Lowe to move her Tuesday check-up")], { case: "neg:other-client" }),
  task(dp, 3, [m(0, "Call Mr Hughes to move his Thursday check-up")], { case: "neg:other-date" }),
  task(dp, 1, [
    m(0, "Order more nitrile gloves for the surgery"),
    m(60, "We're running low on nitrile gloves, purchase another box"),
    m(400, "Top up the stock of nitrile gloves"),
  ]),
  task(dp, 4, [m(0, "Order more face masks for the surgery")], { case: "neg:other-item" }),
  task(dp, 5, [
    m(0, "Send the treatment plan to Ayesha Khan"),
    m(90, "Email Ayesha Khan a copy of her treatment plan"),
    m(300, "Ayesha Khan is waiting for her treatment plan, get it over to her"),
  ]),
  task(dp, 6, [m(0, "Send the payment receipt to Ayesha Khan")], { case: "neg:other-document" }),
  task(dp, 7, [
    m(0, "Get the autoclave serviced before the inspection"),
    m(200, "Have an engineer service the steriliser ahead of the inspection"),
  ]),
  task(dp, 8, [
    m(0, "Claim the £85 NHS fee for patient 40213"),
    m(120, "Submit the NHS claim of £85 for patient 40213"),
  ]),
  task(dp, 9, [m(0, "Claim the £58 NHS fee for patient 40213")], { case: "neg:other-amount" }),
  task(gl, 0, [
    m(0, "Trim the hedges at the Aldridge house on Wednesday"),
    m(100, "Cut back the Aldridge hedges Wednesday"),
    m(600, "The Aldridges want their hedge trimmed on Wednesday"),
  ]),
  task(gl, 2, [m(0, "Trim the hedges at the Carver house on Wednesday")], { case: "neg:other-client" }),
  task(gl, 1, [
    m(0, "Price up a new patio for Mrs Dunmore"),
    m(150, "Work out a quote for Mrs Dunmore's patio"),
    m(700, "Mrs Dunmore wants a figure for laying a patio"),
  ]),
  task(gl, 3, [m(0, "Price up a new fence for Mrs Dunmore")], { case: "neg:other-item" }),
  task(gl, 4, [
    m(0, "Buy 12 bags of topsoil for the Marsh Lane job"),
    m(40, "Get 12 bags of topsoil in for Marsh Lane"),
  ]),
  task(gl, 5, [m(0, "Buy 20 bags of topsoil for the Marsh Lane job")], { case: "neg:other-amount" }),
  task(gl, 6, [
    m(0, "Fix the mower, the blade won't turn"),
    m(60, "The lawnmower blade is stuck, get it repaired"),
  ]),
  task(gl, 7, [
    m(0, "Chase Mr Pike for payment of invoice GL-118"),
    m(300, "Remind Mr Pike that invoice GL-118 is unpaid"),
    m(900, "GL-118 from Mr Pike still hasn't been paid, follow up"),
  ]),
  task(gl, 8, [m(0, "Chase Mr Pike for payment of invoice GL-121")], { case: "neg:other-document" }),
  task(ma, 0, [
    m(0, "Write the November newsletter for Tidewater Brewing"),
    m(200, "Draft Tidewater Brewing's newsletter for November"),
    m(800, "Tidewater Brewing need their November newsletter written"),
  ]),
  task(ma, 2, [m(0, "Write the December newsletter for Tidewater Brewing")], { case: "neg:other-date" }),
  task(ma, 3, [m(0, "Write the November newsletter for Quayside Yoga")], { case: "neg:other-client" }),
  task(ma, 1, [
    m(0, "Schedule the Instagram posts for the Quayside Yoga launch"),
    m(100, "Line up the Quayside Yoga launch posts on Instagram"),
    m(500, "Queue the launch content for Quayside Yoga's Instagram"),
  ]),
  task(ma, 4, [m(0, "Schedule the LinkedIn posts for the Quayside Yoga launch")], { case: "neg:other-item" }),
  task(ma, 5, [
    m(0, "Pull the October ad spend report for Harlow Motors"),
    m(90, "Prepare Harlow Motors' ad spending report for October"),
  ]),
  task(ma, 6, [m(0, "Pull the October web traffic report for Harlow Motors")], {
    case: "neg:other-document",
  }),
  task(ma, 7, [
    m(0, "Organise a kick-off call with Fernside Dental next week"),
    m(120, "Set up a kickoff meeting with Fernside Dental for next week"),
  ]),
  task(ma, 8, [
    m(0, "Vereinbaren Sie einen Termin mit Herrn Vogel für Montag"),
    m(100, "Termin mit Herrn Vogel am Montag ausmachen"),
  ]),
  task(ma, 9, [m(0, "Vereinbaren Sie einen Termin mit Herrn Vogel für Freitag")], { case: "neg:other-date" }),
  task(gl, 9, [
    m(0, "Appeler Madame Roux pour le devis du jardin"),
    m(60, "Téléphoner à Madame Roux au sujet du devis pour son jardin"),
  ]),
  task(gl, 10, [m(0, "Appeler Madame Roux pour la facture du jardin")], { case: "neg:other-document" }),
  task(ma, 10, [m(0, "Trim the hedges at the Aldridge house on Wednesday")], { case: "neg:cross-tenant" }),
];

const proposal = (
  tenant: string,
  start: number,
  action: string,
  target: string,
  members: Member[],
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
  proposal(gl, 20, "send_message", "client:pike", [
    m(
      0,
      args({
        to: "pike@example.com",
        text: "Hi Mr Pike, invoice GL-118 for £640 is now overdue. Please pay at your earliest convenience.",
      }),
    ),
    m(
      60,
      args({
        to: "pike@example.com",
        text: "Dear Mr Pike, a reminder that £640 on invoice GL-118 remains unpaid.",
      }),
    ),
  ]),
  proposal(
    gl,
    21,
    "send_message",
    "client:pike",
    [
      m(
        0,
        args({
          to: "pike@example.com",
          text: "Hi Mr Pike, invoice GL-121 for £410 is now overdue. Please pay at your earliest convenience.",
        }),
      ),
    ],
    { case: "neg:other-document" },
  ),
  proposal(dp, 20, "send_message", "patient:hughes", [
    m(
      0,
      args({
        to: "hughes",
        text: "Your check-up has moved to Thursday at 9:30. Reply if that doesn't suit.",
      }),
    ),
    m(
      30,
      args({
        to: "hughes",
        text: "We have rebooked your check-up for Thursday, 9:30. Let us know if it's not convenient.",
      }),
    ),
  ]),
  proposal(
    dp,
    21,
    "send_message",
    "patient:hughes",
    [
      m(
        0,
        args({
          to: "hughes",
          text: "Your check-up has moved to Friday at 9:30. Reply if that doesn't suit.",
        }),
      ),
    ],
    { case: "neg:other-date" },
  ),
  proposal(ma, 20, "post_message", "channel:studio", [
    m(
      0,
      args({
        channel: "#studio",
        text: "Heads up: the Harlow Motors report is due to the client on Monday.",
      }),
    ),
    m(45, args({ channel: "#studio", text: "Reminder that Harlow Motors expect their report on Monday." })),
  ]),
  proposal(ma, 22, "book_meeting", "client:fernside-dental", [
    m(0, args({ with: "Fernside Dental", date: "2026-12-08", time: "14:00", topic: "Kick-off" })),
    m(10, args({ topic: "Kickoff", time: "14:00", with: "Fernside Dental", date: "2026-12-08" })),
  ]),
  proposal(
    ma,
    23,
    "book_meeting",
    "client:fernside-dental",
    [m(0, args({ with: "Fernside Dental", date: "2026-12-09", time: "14:00", topic: "Kick-off" }))],
    { case: "neg:other-date" },
  ),
  proposal(gl, 22, "pay_supplier", "supplier:loam-co", [
    m(0, args({ supplier: "Loam & Co", amount: "£96.00", reference: "LC-5510" })),
    m(20, args({ amount: "£96.00", reference: "LC-5510", supplier: "Loam & Co" })),
  ]),
  proposal(
    gl,
    23,
    "pay_supplier",
    "supplier:loam-co",
    [m(0, args({ supplier: "Loam & Co", amount: "£160.00", reference: "LC-5518" }))],
    { case: "neg:other-amount" },
  ),
];

const channel = (tenant: string, start: number, members: Member[], extra: Partial<StreamGroup> = {}) =>
  ({ layer: "channel", tenant, start, source: "telegram", members, ...extra }) satisfies StreamGroup;

const ask = "Did the topsoil delivery for Marsh Lane turn up this morning?";
const alert = "The booking system is showing double appointments for Thursday afternoon";

const channelGroups: StreamGroup[] = [
  channel(gl, 30, [
    m(0, ask, { key: "5001", entity: "u-tom" }),
    m(1, ask, { key: "5001", entity: "u-tom", case: "retry" }),
    m(30, `Forwarded from Tom:\n${ask}`, { key: "5009", entity: "u-amy", case: "forward" }),
  ]),
  channel(gl, 30 + 25 / 60, [m(0, ask, { key: "5008", entity: "u-tom" })], { case: "neg:asked-again" }),
  channel(gl, 31, [m(0, ask, { key: "5010", entity: "u-amy" })], { case: "neg:other-sender" }),
  channel(dp, 30, [
    m(0, alert, { key: "S77", entity: "u-nia", source: "slack" }),
    m(0.5, alert, { key: "S77", entity: "u-nia", source: "slack", case: "retry" }),
    m(5, `${alert} and Friday morning`, { key: "S77", entity: "u-nia", source: "slack", case: "edit" }),
    m(20, `FW: ${alert}`, { key: "S80", entity: "u-ben", source: "slack", case: "forward" }),
    m(40, `-----Original Message-----\nFrom: Nia\n${alert}`, {
      key: "S85",
      entity: "u-ben",
      source: "slack",
      case: "forward",
    }),
  ]),
  channel(dp, 31, [m(0, alert, { key: "S90", entity: "u-nia", source: "slack" })], {
    case: "neg:asked-again",
  }),
  channel(ma, 30, [
    m(0, "Wer übernimmt die Präsentation für Harlow Motors am Montag?", { key: "6001", entity: "u-eva" }),
    m(15, "WG: Wer übernimmt die Präsentation für Harlow Motors am Montag?", {
      key: "6004",
      entity: "u-max",
      case: "forward",
    }),
  ]),
];

export const devGroups: readonly StreamGroup[] = [...taskGroups, ...proposalGroups, ...channelGroups];
