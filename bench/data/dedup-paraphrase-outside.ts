/**
 * Over 400 lines on purpose: it is data.
 *
 * A paraphrase stream written from outside: its writer never read Cairn's code, its vocabulary
 * lists or any other dedup data — only the format file (dedup-paraphrase-groups.ts). It is blind:
 * nothing is ever tuned on it, and only its totals are reported.
 *
 * The tenants are small businesses unlike a design-and-build firm: a vet practice, a small law
 * office, a bicycle repair shop, a language school and a dental lab, plus a German vet practice, a
 * German law office, a French bike workshop and a French language school. Each group is one real
 * thing that arrived in several wordings; a near miss (the same kind of request for another client,
 * person, date, amount, document, room or tenant) is its own group with a `neg:` case.
 */
import { args, type StreamGroup } from "./dedup-paraphrase-groups";

// Texts that arrive word for word at two different tenants (the second copy is a cross-tenant near miss).
const cardMachine = "Card machine keeps dropping connection, get it sorted before Saturday";
const projectorRoom3 = "Room 3 projector is broken, get it fixed";
const insuranceRenewal = "Renew the business insurance before it lapses on the 31st";
const paperToner = "Order more printer paper and toner";
const wifiDown = "The Wi-Fi is down again, can someone call the ISP";
const druckerEmpfang = "Drucker am Empfang druckt nicht mehr, bitte Techniker rufen";
const tpeEnPanne = "TPE en panne depuis ce matin, quelqu'un peut contacter le prestataire ?";
const christmasClosing = args({
  channel: "#general",
  text: "Heads up all: we close at 1pm on Thursday 24 Dec and reopen Mon 28th. Have a lovely break!",
});
const cleaningPayment = args({
  supplier: "Brightline Cleaning Services",
  amount: 420,
  currency: "GBP",
  reference: "BLC-1203",
  memo: "Office cleaning, December",
});

const tasks: StreamGroup[] = [
  // ── greenfield-vets (veterinary practice) ──
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 2,
    members: [
      { after: 0, text: "Chase Mrs Okafor's unpaid invoice for Biscuit's cruciate surgery (inv 4471)" },
      { after: 95, text: "can someone ping okafor about the surgery bill? still nothing in the account" },
      {
        after: 1460,
        text: "Fwd: Re: account query — 'Hi team, the Okafor balance (£1,240) is now 30 days overdue, please follow up. Thx, Accounts'",
      },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 30,
    case: "neg:other-client",
    members: [
      { after: 0, text: "Chase Mr Delaney's unpaid invoice for Luna's dental (inv 4478)" },
      { after: 300, text: "Delaney still hasn't paid for Luna's dental — could someone give him a nudge?" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 5,
    members: [
      { after: 0, text: "We're down to 6 doses of rabies vaccine, need to reorder from the wholesaler" },
      { after: 40, text: "pls order more rabies vax, fridge nearly empty" },
      {
        after: 1320,
        text: "Reminder: the rabies vaccine restock still hasn't been placed — can whoever's on stock duty sort it today?",
      },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 51,
    case: "neg:other-product",
    members: [
      { after: 0, text: "We're down to 6 doses of lepto vaccine, need to reorder from the wholesaler" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 9,
    members: [
      { after: 0, text: "Call back Mochi's owner (Ms Ferreira) with the bloodwork results" },
      {
        after: 130,
        text: "Ms Ferreira rang again asking about the cat's blood results, can the vet on shift return her call",
      },
      { after: 180, text: "Mochi Ferreira — lab results are in, owner waiting on a call back!" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 20,
    members: [
      { after: 0, text: "Book the annual service for the X-ray unit before end of month" },
      { after: 600, text: "radiography unit service due — need to get the engineer booked in" },
      { after: 2700, text: "Can we get someone out to service the xray machine? Cert expires on the 28th" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 44,
    members: [
      { after: 0, text: "Find cover for Priya's Saturday shift on the 12th" },
      { after: 25, text: "Priya can't do Sat 12th, we need a locum or someone willing to swap" },
      { after: 410, text: "anyone able to cover saturday the 12th? Priya's off sick" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 70,
    case: "neg:other-date",
    members: [{ after: 0, text: "Find cover for Priya's Saturday shift on the 19th" }],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 82,
    case: "neg:other-person",
    members: [
      { after: 0, text: "Find cover for Tom's Saturday shift on the 12th" },
      { after: 210, text: "Tom's asked for the 12th off too — who can step in for his Saturday?" },
    ],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 110,
    members: [{ after: 0, text: "Update the out-of-hours phone message with the Christmas opening times" }],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 63,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: cardMachine }],
  },
  {
    layer: "task",
    tenant: "greenfield-vets",
    start: 141,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: wifiDown }],
  },

  // ── harrow-legal (small law office) ──
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 3,
    members: [
      { after: 0, text: "Send the engagement letter to Mr Hargreaves for the lease dispute" },
      { after: 720, text: "Has the client care letter gone out to Hargreaves yet? He signed up on Monday" },
      { after: 1500, text: "Hargreaves engagement ltr — pls draft + send asap, he's chasing" },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 26,
    case: "neg:other-client",
    members: [{ after: 0, text: "Send the engagement letter to Ms Whitcombe for the boundary dispute" }],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 12,
    members: [
      { after: 0, text: "File the defence in Patel v Northgate Ltd — deadline 14 Dec" },
      {
        after: 1200,
        text: "Reminder — Patel/Northgate defence needs lodging with the court before the 14th",
      },
      { after: 2850, text: "Don't let the Northgate defence slip, it's due Monday the 14th!!" },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 36,
    case: "neg:other-document",
    members: [{ after: 0, text: "File the reply in Patel v Northgate Ltd — deadline 14 Dec" }],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 15,
    members: [
      { after: 0, text: "Renew our professional indemnity cover, it runs out on 1 Jan" },
      { after: 240, text: "PII renewal — broker sent the quote over, someone needs to sign it off" },
      { after: 5900, text: "Chasing: PI insurance still not renewed?? expires new year's day" },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 48,
    members: [
      { after: 0, text: "Run a conflict check on Aldgate Holdings before we take the instruction" },
      {
        after: 55,
        text: "Could we do conflicts on Aldgate Holdings Ltd please? They'd like to instruct us on a share sale",
      },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 97,
    case: "neg:other-client",
    members: [{ after: 0, text: "Run a conflict check on Aldridge Holdings before we take the instruction" }],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 60,
    members: [
      { after: 0, text: "Scan and archive the closed Morrison probate files" },
      {
        after: 1800,
        text: "the Morrison estate files are closed, can they be scanned + sent to offsite storage",
      },
      { after: 2600, text: "Morrison probate — archive the boxes pls, they're clogging up the meeting room" },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 8,
    members: [
      { after: 0, text: paperToner },
      { after: 70, text: "we're out of A4 again and the toner light's flashing on the big printer" },
      { after: 1440, text: "Can someone put in a stationery order? paper + toner (the 59A cartridges)" },
    ],
  },
  {
    layer: "task",
    tenant: "harrow-legal",
    start: 120,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: projectorRoom3 }],
  },

  // ── chainline-bikes (bicycle repair shop) ──
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 1,
    members: [
      { after: 0, text: "Order a derailleur hanger for Sam Whitley's Trek Domane, it's in the workshop" },
      { after: 35, text: "need a hanger for the Domane on stand 2 (Whitley) — can someone get one ordered" },
      {
        after: 1900,
        text: "Sam W. rang asking when his bike'll be ready, are we still waiting on the hanger? Pls order if not done",
      },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 40,
    case: "neg:other-client",
    members: [
      { after: 0, text: "Order a derailleur hanger for Jo Brannigan's Trek Domane, it's in the workshop" },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 22,
    members: [
      { after: 0, text: "Ring Mrs Abara to say her e-bike is ready to collect" },
      { after: 90, text: "Abara's ebike is done — let her know she can pick it up whenever" },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 6,
    members: [
      { after: 0, text: cardMachine },
      { after: 300, text: "the PDQ is playing up again, customers had to pay cash today" },
      { after: 1350, text: "can somebody call the card terminal people? third failed payment this morning" },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 33,
    members: [
      { after: 0, text: "Do a stock count of 700x28c tyres before the Schwalbe order" },
      { after: 160, text: "count the 28mm road tyres so we know how many to get from Schwalbe" },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 34,
    case: "neg:other-product",
    members: [{ after: 0, text: "Do a stock count of 29x2.4 MTB tyres before the Schwalbe order" }],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 55,
    members: [
      { after: 0, text: "Book in the 12 cargo bikes from Zipp Couriers for their quarterly service" },
      { after: 480, text: "Zipp Couriers want their cargo bikes serviced — 12 of them, need to find a week" },
      {
        after: 1700,
        text: "Re: quarterly service — 'hiya, Dan from Zipp here, any chance we can get the fleet in next week? cheers'",
      },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 90,
    case: "neg:other-client",
    members: [
      { after: 0, text: "Book in the 12 cargo bikes from Pedal Post for their quarterly service" },
      {
        after: 1000,
        text: "Pedal Post fleet (12 cargo bikes) due their 3-monthly service, can we slot them in?",
      },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 75,
    members: [
      { after: 0, text: insuranceRenewal },
      {
        after: 200,
        text: "Insurance for the shop is up for renewal end of month — has anyone looked at the broker's quote?",
      },
      { after: 2400, text: "reminder: shop insurance runs out 31st, pls renew" },
    ],
  },
  {
    layer: "task",
    tenant: "chainline-bikes",
    start: 150,
    members: [{ after: 0, text: "Put the winter service offer up on the workshop whiteboard" }],
  },

  // ── polyglot-academy (language school) ──
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 4,
    members: [
      { after: 0, text: "Send the Spanish placement test to Kenji Watanabe" },
      {
        after: 260,
        text: "Kenji W. still hasn't had his level test for Spanish — could someone email it over?",
      },
      { after: 1100, text: "pls send placement test (ES) to kenji, he starts next wk" },
    ],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 27,
    case: "neg:other-document",
    members: [{ after: 0, text: "Send the Italian placement test to Kenji Watanabe" }],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 14,
    members: [
      { after: 0, text: projectorRoom3 },
      { after: 15, text: "projector in rm 3 not turning on" },
      {
        after: 2200,
        text: "Teachers are complaining the room 3 beamer is dead again — can we get it repaired?",
      },
    ],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 100,
    case: "neg:other-room",
    members: [{ after: 0, text: "Room 5 projector is broken, get it fixed" }],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 58,
    members: [
      { after: 0, text: "Print and sign the B2 course certificates for Friday's graduation" },
      { after: 400, text: "the b2 certs need doing before friday — who's on it?" },
    ],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 18,
    members: [
      { after: 0, text: "Process Lucia Moretti's refund for the cancelled evening course" },
      { after: 520, text: "Lucia Moretti wants her money back for the Tuesday evening class we cancelled" },
      { after: 4300, text: "Moretti refund — still pending? she's emailed again, getting a bit cross" },
    ],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 65,
    case: "neg:other-client",
    members: [{ after: 0, text: "Process Ahmed Farouk's refund for the cancelled evening course" }],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 38,
    members: [
      { after: 0, text: wifiDown },
      {
        after: 20,
        text: "no internet in any classroom since 9, students can't get onto the online workbook",
      },
      { after: 95, text: "wifi's dead. again. has anyone rung the provider??" },
    ],
  },
  {
    layer: "task",
    tenant: "polyglot-academy",
    start: 130,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: insuranceRenewal }],
  },

  // ── finesmile-lab (dental lab) ──
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 7,
    members: [
      { after: 0, text: "Remake the zirconia crown for Brennan Dental, case #2291 — shade was off" },
      { after: 45, text: "Brennan dental rejected 2291, shade too light, needs redoing" },
      {
        after: 600,
        text: "Dr Brennan's office called: crown for case 2291 doesn't match, they wanted A2 not A1. Please remake.",
      },
    ],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 46,
    case: "neg:other-reference",
    members: [{ after: 0, text: "Remake the zirconia crown for Brennan Dental, case #2219 — shade was off" }],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 24,
    members: [
      { after: 0, text: "Chase Northfield Dental about the October invoice" },
      { after: 330, text: "Can someone follow up w/ Northfield about the unpaid Oct bill?" },
      { after: 2000, text: "Northfield still owe us for October — £3,480. Nudge them pls" },
    ],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 80,
    case: "neg:other-date",
    members: [{ after: 0, text: "Chase Northfield Dental about the September invoice" }],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 52,
    members: [
      { after: 0, text: "The milling unit is due its 6-month service — book the tech" },
      { after: 1600, text: "can we get the CAD/CAM mill serviced? it keeps throwing spindle warnings" },
    ],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 68,
    members: [
      { after: 0, text: "Arrange a courier pickup of impressions from Dr Shah's practice tomorrow morning" },
      { after: 12, text: "Shah's surgery has 3 impressions ready — need them collected tmrw am" },
      {
        after: 75,
        text: "Fwd: pickup pls — 'Hi, we have the impressions for cases 2301–2303 ready for collection. Thanks, Reception, Shah Dental'",
      },
    ],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 115,
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: "Arrange a courier pickup of impressions from Dr Lindqvist's practice tomorrow morning",
      },
    ],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 160,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: paperToner }],
  },
  {
    layer: "task",
    tenant: "finesmile-lab",
    start: 175,
    members: [{ after: 0, text: "Recalibrate the porcelain furnace, last firings came out slightly grey" }],
  },

  // ── praxis-sommer (German vet practice) ──
  {
    layer: "task",
    tenant: "praxis-sommer",
    start: 10,
    members: [
      { after: 0, text: "Rechnung Familie Krüger (Hund Bruno, Kreuzband-OP) nachhaken" },
      { after: 1000, text: "Krügers haben die OP-Rechnung immer noch nicht bezahlt, bitte mal nachfassen" },
      {
        after: 4000,
        text: "Kann jemand bei Krüger wegen der offenen Rechnung anrufen? Ist jetzt schon 4 Wochen drüber",
      },
    ],
  },
  {
    layer: "task",
    tenant: "praxis-sommer",
    start: 42,
    case: "neg:other-client",
    members: [{ after: 0, text: "Rechnung Familie Schäfer (Katze Minka, Zahnsanierung) nachhaken" }],
  },
  {
    layer: "task",
    tenant: "praxis-sommer",
    start: 29,
    members: [
      { after: 0, text: "Frau Yilmaz möchte einen OP-Termin für ihr Kaninchen (Kastration)" },
      { after: 140, text: "Bitte Yilmaz zurückrufen wg. Kastrationstermin fürs Kaninchen" },
    ],
  },
  {
    layer: "task",
    tenant: "praxis-sommer",
    start: 16,
    members: [
      { after: 0, text: druckerEmpfang },
      { after: 50, text: "Der Empfangsdrucker streikt schon wieder – kann jemand den Service anrufen?" },
      { after: 380, text: "Drucker vorne geht nicht, wir können keine Rechnungen drucken!!" },
    ],
  },

  // ── kanzlei-brandt (German law office) ──
  {
    layer: "task",
    tenant: "kanzlei-brandt",
    start: 11,
    members: [
      { after: 0, text: "Klageerwiderung im Verfahren Hoffmann ./. Stadtwerke bis 18.12. einreichen" },
      {
        after: 900,
        text: "Frist Hoffmann gg. Stadtwerke: die Klageerwiderung muss bis zum 18. Dezember raus",
      },
      { after: 2500, text: "Nicht vergessen – Erwiderung Hoffmann/Stadtwerke, Fristablauf 18.12.!" },
    ],
  },
  {
    layer: "task",
    tenant: "kanzlei-brandt",
    start: 57,
    case: "neg:other-document",
    members: [
      { after: 0, text: "Berufungsbegründung im Verfahren Hoffmann ./. Stadtwerke bis 18.12. einreichen" },
    ],
  },
  {
    layer: "task",
    tenant: "kanzlei-brandt",
    start: 31,
    members: [
      { after: 0, text: "Vollmacht von Herrn Lange unterschreiben lassen" },
      {
        after: 360,
        text: "Herr Lange muss noch die Vollmacht unterschreiben – bitte Termin machen oder per Post schicken",
      },
      { after: 1440, text: "Lange: Vollmacht fehlt immer noch!" },
    ],
  },
  {
    layer: "task",
    tenant: "kanzlei-brandt",
    start: 88,
    case: "neg:other-client",
    members: [{ after: 0, text: "Vollmacht von Herrn Lorenz unterschreiben lassen" }],
  },
  {
    layer: "task",
    tenant: "kanzlei-brandt",
    start: 105,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: druckerEmpfang }],
  },

  // ── velo-atelier-nantes (French bike workshop) ──
  {
    layer: "task",
    tenant: "velo-atelier-nantes",
    start: 13,
    members: [
      { after: 0, text: "Commander une chaîne 12 vitesses pour le vélo de M. Garnier" },
      {
        after: 240,
        text: "Il faut une chaîne 12v pour le Garnier, il est sur le pied d'atelier depuis mardi",
      },
      {
        after: 1800,
        text: "M. Garnier a rappelé, on attend toujours la chaîne ? Merci de la commander si ce n'est pas déjà fait",
      },
    ],
  },
  {
    layer: "task",
    tenant: "velo-atelier-nantes",
    start: 50,
    case: "neg:other-client",
    members: [{ after: 0, text: "Commander une chaîne 12 vitesses pour le vélo de Mme Lebrun" }],
  },
  {
    layer: "task",
    tenant: "velo-atelier-nantes",
    start: 21,
    members: [
      { after: 0, text: "Le terminal de paiement ne marche plus, appeler le support" },
      { after: 30, text: tpeEnPanne },
      { after: 420, text: "encore un paiement refusé sur le TPE… faut vraiment appeler le SAV" },
    ],
  },

  // ── ecole-babel (French language school) ──
  {
    layer: "task",
    tenant: "ecole-babel",
    start: 17,
    members: [
      { after: 0, text: "Envoyer le test de niveau d'anglais à Mme Rousseau" },
      {
        after: 600,
        text: "Mme Rousseau attend toujours son test de positionnement en anglais, pouvez-vous le lui envoyer ?",
      },
      { after: 1300, text: "test niveau anglais → Rousseau svp, elle commence lundi" },
    ],
  },
  {
    layer: "task",
    tenant: "ecole-babel",
    start: 62,
    case: "neg:other-document",
    members: [{ after: 0, text: "Envoyer le test de niveau d'allemand à Mme Rousseau" }],
  },
  {
    layer: "task",
    tenant: "ecole-babel",
    start: 39,
    members: [
      { after: 0, text: "Réserver la salle 2 pour l'examen DELF du samedi 13" },
      { after: 180, text: "Il nous faut la salle 2 samedi 13 pour le DELF, quelqu'un peut la bloquer ?" },
    ],
  },
  {
    layer: "task",
    tenant: "ecole-babel",
    start: 72,
    case: "neg:other-room",
    members: [{ after: 0, text: "Réserver la salle 4 pour l'examen DELF du samedi 13" }],
  },
  {
    layer: "task",
    tenant: "ecole-babel",
    start: 125,
    case: "neg:cross-tenant",
    members: [{ after: 0, text: tpeEnPanne }],
  },
];

const proposals: StreamGroup[] = [
  // ── greenfield-vets ──
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 26,
    key: "send_message",
    entity: "client:okafor",
    members: [
      {
        after: 0,
        text: args({
          to: "funmi.okafor@example.com",
          subject: "Invoice 4471 – payment reminder",
          body: "Dear Mrs Okafor, just a gentle reminder that invoice 4471 (£1,240) for Biscuit's surgery is now overdue. You can pay by card over the phone or by bank transfer. Kind regards, Greenfield Vets",
        }),
      },
      {
        after: 240,
        text: args({
          to: "funmi.okafor@example.com",
          subject: "Outstanding balance — Biscuit (inv 4471)",
          body: "Hi Funmi, hope Biscuit is recovering well! Our records show £1,240 still outstanding on invoice 4471. Could you settle it when you get a moment? Many thanks, the Greenfield team",
        }),
      },
      {
        after: 1500,
        text: args({
          body: "Hello Mrs Okafor — we haven't yet received payment for inv. 4471 (£1,240, Biscuit, cruciate repair). Please get in touch if you'd like to set up a payment plan.",
          subject: "Reminder: unpaid invoice #4471",
          to: "funmi.okafor@example.com",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 54,
    key: "send_message",
    entity: "client:delaney",
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: args({
          to: "p.delaney@example.net",
          subject: "Invoice 4478 – payment reminder",
          body: "Dear Mr Delaney, just a gentle reminder that invoice 4478 (£385) for Luna's dental is now overdue. Kind regards, Greenfield Vets",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 35,
    key: "schedule_meeting",
    entity: "room:consult-2",
    members: [
      {
        after: 0,
        text: args({
          title: "Post-op check – Biscuit (Okafor)",
          room: "Consult 2",
          start: "2026-12-09T10:30",
          duration_min: 20,
          attendees: ["Dr Evans", "Funmi Okafor"],
        }),
      },
      {
        after: 65,
        text: args({
          title: "Biscuit re-check after cruciate op, stitches out",
          start: "2026-12-09T10:30",
          duration_min: 20,
          room: "Consult 2",
          attendees: ["Funmi Okafor", "Dr Evans"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 92,
    key: "schedule_meeting",
    entity: "room:consult-2",
    case: "neg:other-date",
    members: [
      {
        after: 0,
        text: args({
          title: "Post-op check – Biscuit (Okafor)",
          room: "Consult 2",
          start: "2026-12-16T10:30",
          duration_min: 20,
          attendees: ["Dr Evans", "Funmi Okafor"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 19,
    key: "pay_supplier",
    entity: "supplier:northvet-wholesale",
    members: [
      {
        after: 0,
        text: args({
          supplier: "NorthVet Wholesale Ltd",
          amount: 2184.6,
          currency: "GBP",
          reference: "NVW-88213",
          memo: "Vaccines + consumables, Nov",
        }),
      },
      {
        after: 180,
        text: args({
          supplier: "Northvet Wholesale",
          reference: "NVW-88213",
          amount: 2184.6,
          currency: "GBP",
          memo: "pay November stock invoice",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 67,
    key: "pay_supplier",
    entity: "supplier:northvet-wholesale",
    case: "neg:other-reference",
    members: [
      {
        after: 0,
        text: args({
          supplier: "NorthVet Wholesale Ltd",
          amount: 612,
          currency: "GBP",
          reference: "NVW-88307",
          memo: "Vaccines + consumables, Dec top-up",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "greenfield-vets",
    start: 140,
    key: "pay_supplier",
    entity: "supplier:brightline-cleaning",
    members: [
      { after: 0, text: cleaningPayment },
      {
        after: 900,
        text: args({
          memo: "Dec cleaning – Brightline",
          reference: "BLC-1203",
          supplier: "Brightline Cleaning",
          currency: "GBP",
          amount: 420,
        }),
      },
    ],
  },

  // ── harrow-legal ──
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 16,
    key: "send_message",
    entity: "client:hargreaves",
    members: [
      {
        after: 0,
        text: args({
          to: "martin.hargreaves@example.co.uk",
          subject: "Your engagement letter – lease dispute",
          body: "Dear Mr Hargreaves, Please find attached our client care letter and terms of business for the lease dispute. Kindly sign and return at your convenience. Yours sincerely, Harrow Legal",
          attachments: ["Engagement_Letter_Hargreaves.pdf"],
        }),
      },
      {
        after: 130,
        text: args({
          to: "martin.hargreaves@example.co.uk",
          subject: "Client care letter and terms of business",
          body: "Dear Martin, Further to our call on Monday, I attach our engagement letter for your lease matter. Do let me know if you have any questions. Best wishes",
          attachments: ["Engagement_Letter_Hargreaves.pdf"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 45,
    key: "send_message",
    entity: "client:whitcombe",
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: args({
          to: "h.whitcombe@example.org",
          subject: "Your engagement letter – boundary dispute",
          body: "Dear Ms Whitcombe, Please find attached our client care letter and terms of business for the boundary dispute. Kindly sign and return at your convenience. Yours sincerely, Harrow Legal",
          attachments: ["Engagement_Letter_Whitcombe.pdf"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 74,
    key: "create_invoice",
    entity: "client:aldgate-holdings",
    members: [
      {
        after: 0,
        text: args({
          client: "Aldgate Holdings Ltd",
          description: "Share sale – initial advice and heads of terms review",
          amount: 4500,
          currency: "GBP",
          vat: true,
          due_days: 30,
        }),
      },
      {
        after: 1400,
        text: args({
          client: "Aldgate Holdings Limited",
          amount: 4500,
          currency: "GBP",
          vat: true,
          description: "Professional fees: share sale, first stage (advice, HoT review)",
          due_days: 30,
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 108,
    key: "create_invoice",
    entity: "client:aldgate-holdings",
    case: "neg:other-amount",
    members: [
      {
        after: 0,
        text: args({
          client: "Aldgate Holdings Ltd",
          description: "Share sale – initial advice and heads of terms review",
          amount: 5400,
          currency: "GBP",
          vat: true,
          due_days: 30,
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 23,
    key: "schedule_meeting",
    entity: "room:boardroom",
    members: [
      {
        after: 0,
        text: args({
          title: "Patel v Northgate – defence sign-off",
          room: "Boardroom",
          start: "2026-12-10T14:00",
          duration_min: 60,
          attendees: ["Anil Patel", "R. Harrow", "trainee (Sophie)"],
        }),
      },
      {
        after: 45,
        text: args({
          start: "2026-12-10T14:00",
          duration_min: 60,
          room: "Boardroom",
          title: "Go through draft defence w/ Mr Patel before filing",
          attendees: ["Anil Patel", "R. Harrow", "Sophie"],
        }),
      },
      {
        after: 2300,
        text: args({
          title: "Meeting: Mr Patel – review defence (Northgate)",
          room: "Boardroom",
          start: "2026-12-10T14:00",
          duration_min: 60,
          attendees: ["R. Harrow", "Anil Patel"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "harrow-legal",
    start: 100,
    key: "post_message",
    entity: "channel:general",
    members: [
      { after: 0, text: christmasClosing },
      {
        after: 300,
        text: args({
          channel: "#general",
          text: "Reminder — office shuts 1pm Thu 24th, back Monday 28 Dec. Please sort your out-of-office!",
        }),
      },
    ],
  },

  // ── chainline-bikes ──
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 84,
    key: "book_delivery",
    entity: "client:zipp-couriers",
    members: [
      {
        after: 0,
        text: args({
          pickup: "Chainline Bikes, 14 Mill Lane",
          dropoff: "Zipp Couriers depot, Unit 7 Riverside Trading Estate",
          date: "2026-12-18",
          items: "12 cargo bikes (serviced)",
          vehicle: "large van",
        }),
      },
      {
        after: 120,
        text: args({
          items: "12 x cargo bikes – Zipp fleet, back after service",
          date: "2026-12-18",
          dropoff: "Zipp depot (Unit 7, Riverside)",
          pickup: "Chainline workshop, Mill Lane",
          vehicle: "large van",
          notes: "ring Dan on arrival",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 118,
    key: "book_delivery",
    entity: "client:pedal-post",
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: args({
          pickup: "Chainline Bikes, 14 Mill Lane",
          dropoff: "Pedal Post hub, 3 Canal Street",
          date: "2026-12-18",
          items: "12 cargo bikes (serviced)",
          vehicle: "large van",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 28,
    key: "refund_payment",
    entity: "client:abara",
    members: [
      {
        after: 0,
        text: args({
          payment_id: "SQ-5512",
          amount: 45,
          currency: "GBP",
          reason: "Overcharged on e-bike service – brake pads were covered by warranty",
        }),
      },
      {
        after: 30,
        text: args({
          amount: 45,
          currency: "GBP",
          payment_id: "SQ-5512",
          reason: "warranty pads charged by mistake, refund Mrs Abara",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 29,
    key: "refund_payment",
    entity: "client:abara",
    case: "neg:other-amount",
    members: [
      {
        after: 0,
        text: args({
          payment_id: "SQ-5512",
          amount: 54,
          currency: "GBP",
          reason: "Overcharged on e-bike service – labour billed twice",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 47,
    key: "send_message",
    entity: "client:whitley",
    members: [
      {
        after: 0,
        text: args({
          to: "+44 7700 900412",
          text: "Hi Sam, the hanger's arrived and your Domane will be ready to collect Thursday after 2pm. Chainline Bikes",
        }),
      },
      {
        after: 20,
        text: args({
          to: "+44 7700 900412",
          text: "Good news Sam – part came in, bike ready Thurs from 2. Cheers, Chainline",
        }),
      },
      {
        after: 600,
        text: args({
          text: "Hello Sam, just to let you know the Trek is fixed (new derailleur hanger fitted), you can pick it up Thursday afternoon.",
          to: "+44 7700 900412",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "chainline-bikes",
    start: 135,
    key: "pay_supplier",
    entity: "supplier:madison-parts",
    members: [
      {
        after: 0,
        text: args({
          supplier: "Madison Parts Distribution",
          amount: 1318.75,
          currency: "GBP",
          reference: "MAD-INV-55120",
          memo: "Tyres, chains, hangers",
        }),
      },
      {
        after: 2000,
        text: args({
          supplier: "Madison",
          amount: 1318.75,
          currency: "GBP",
          reference: "MAD-INV-55120",
          memo: "Nov parts order – pay before 30 day terms",
        }),
      },
    ],
  },

  // ── polyglot-academy ──
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 15,
    key: "post_message",
    entity: "channel:teachers",
    members: [
      {
        after: 0,
        text: args({
          channel: "#teachers",
          text: "Room 3 projector is out of order — please use Room 4 until it's repaired. Sorry!",
        }),
      },
      {
        after: 10,
        text: args({ channel: "#teachers", text: "FYI beamer in rm 3 is dead, move to rm 4 for now pls" }),
      },
      {
        after: 90,
        text: args({
          channel: "#teachers",
          text: "Quick one: if you're timetabled in Room 3 today, switch to Room 4 — projector's broken, repair requested.",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 101,
    key: "post_message",
    entity: "channel:teachers",
    case: "neg:other-room",
    members: [
      {
        after: 0,
        text: args({
          channel: "#teachers",
          text: "Room 5 projector is out of order — please use Room 4 until it's repaired. Sorry!",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 31,
    key: "refund_payment",
    entity: "client:lucia-moretti",
    members: [
      {
        after: 0,
        text: args({
          payment_id: "pay_7HX2K9",
          amount: 180,
          currency: "GBP",
          reason: "Tuesday evening Italian conversation course cancelled",
        }),
      },
      {
        after: 3100,
        text: args({
          reason: "course cancelled by school – full refund to L. Moretti",
          payment_id: "pay_7HX2K9",
          currency: "GBP",
          amount: 180,
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 79,
    key: "refund_payment",
    entity: "client:ahmed-farouk",
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: args({
          payment_id: "pay_9QM4T1",
          amount: 180,
          currency: "GBP",
          reason: "Tuesday evening Italian conversation course cancelled",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 59,
    key: "create_invoice",
    entity: "client:hartwell-engineering",
    members: [
      {
        after: 0,
        text: args({
          client: "Hartwell Engineering Ltd",
          description: "In-company German course, 20 hours (Jan–Mar), 6 participants",
          amount: 1600,
          currency: "GBP",
          due_days: 14,
        }),
      },
      {
        after: 75,
        text: args({
          client: "Hartwell Engineering",
          amount: 1600,
          currency: "GBP",
          due_days: 14,
          description: "Business German for Hartwell staff – 20 hrs, Q1",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 98,
    key: "create_invoice",
    entity: "client:hartwell-engineering",
    case: "neg:other-amount",
    members: [
      {
        after: 0,
        text: args({
          client: "Hartwell Engineering Ltd",
          description: "In-company German course, 24 hours (Jan–Mar), 6 participants",
          amount: 1920,
          currency: "GBP",
          due_days: 14,
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "polyglot-academy",
    start: 145,
    key: "post_message",
    entity: "channel:general",
    case: "neg:cross-tenant",
    members: [{ after: 0, text: christmasClosing }],
  },

  // ── finesmile-lab ──
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 37,
    key: "send_message",
    entity: "client:northfield-dental",
    members: [
      {
        after: 0,
        text: args({
          to: "accounts@northfield-dental.example",
          subject: "October invoice FS-1042 – overdue",
          body: "Dear Northfield team, our October invoice FS-1042 for £3,480 is now past due. Could you let us know when we can expect payment? Best, FineSmile Lab",
        }),
      },
      {
        after: 1440,
        text: args({
          to: "accounts@northfield-dental.example",
          subject: "Re: FS-1042 (Oct) – payment",
          body: "Hi both, just following up on FS-1042, £3,480 for October's work. Is there anything holding it up on your side? Thanks!",
        }),
      },
      {
        after: 1470,
        text: args({
          subject: "Payment reminder: invoice FS-1042",
          to: "accounts@northfield-dental.example",
          body: "Hello, a friendly reminder that FS-1042 (October, £3,480) remains unpaid. Kind regards, FineSmile Dental Laboratory",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 86,
    key: "send_message",
    entity: "client:northfield-dental",
    case: "neg:other-document",
    members: [
      {
        after: 0,
        text: args({
          to: "accounts@northfield-dental.example",
          subject: "September invoice FS-0987 – overdue",
          body: "Dear Northfield team, our September invoice FS-0987 for £2,960 is now past due. Could you let us know when we can expect payment? Best, FineSmile Lab",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 69,
    key: "book_delivery",
    entity: "client:shah-dental",
    members: [
      {
        after: 0,
        text: args({
          pickup: "Shah Dental, 22 Elm Parade",
          dropoff: "FineSmile Lab, Unit 4 Kestrel Court",
          date: "2026-12-04",
          window: "08:00-10:00",
          items: "3 impressions (cases 2301-2303), fragile",
        }),
      },
      {
        after: 25,
        text: args({
          date: "2026-12-04",
          window: "08:00-10:00",
          pickup: "Dr Shah's surgery (Elm Parade)",
          dropoff: "FineSmile Lab, Kestrel Ct",
          items: "impressions x3 – 2301/2302/2303",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 117,
    key: "book_delivery",
    entity: "client:shah-dental",
    case: "neg:other-date",
    members: [
      {
        after: 0,
        text: args({
          pickup: "Shah Dental, 22 Elm Parade",
          dropoff: "FineSmile Lab, Unit 4 Kestrel Court",
          date: "2026-12-08",
          window: "08:00-10:00",
          items: "3 impressions (cases 2318-2320), fragile",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 155,
    key: "pay_supplier",
    entity: "supplier:brightline-cleaning",
    case: "neg:cross-tenant",
    members: [{ after: 0, text: cleaningPayment }],
  },
  {
    layer: "proposal",
    tenant: "finesmile-lab",
    start: 190,
    key: "pay_supplier",
    entity: "supplier:alpine-zirconia",
    members: [
      {
        after: 0,
        text: args({
          supplier: "Alpine Zirconia GmbH",
          amount: 2750,
          currency: "EUR",
          reference: "AZ-2026-1187",
          memo: "Zirconia discs, 98mm, 20 pcs",
        }),
      },
      {
        after: 500,
        text: args({
          supplier: "Alpine Zirconia",
          currency: "EUR",
          amount: 2750,
          reference: "AZ-2026-1187",
          memo: "blanks order – pay proforma so they ship",
        }),
      },
    ],
  },

  // ── praxis-sommer (German) ──
  {
    layer: "proposal",
    tenant: "praxis-sommer",
    start: 43,
    key: "send_message",
    entity: "client:krueger",
    members: [
      {
        after: 0,
        text: args({
          to: "familie.krueger@example.de",
          subject: "Zahlungserinnerung – Rechnung 2026-0931",
          body: "Sehr geehrte Familie Krüger, leider konnten wir zu unserer Rechnung Nr. 2026-0931 über 868,40 € (Kreuzband-OP Bruno) noch keinen Zahlungseingang feststellen. Wir bitten um Überweisung innerhalb von 7 Tagen. Mit freundlichen Grüßen, Tierarztpraxis Sommer",
        }),
      },
      {
        after: 300,
        text: args({
          to: "familie.krueger@example.de",
          subject: "Offene Rechnung 2026-0931",
          body: "Liebe Familie Krüger, wir hoffen, Bruno geht es wieder gut! Die Rechnung 2026-0931 (868,40 €) ist noch offen – vielleicht ist sie untergegangen? Viele Grüße aus der Praxis Sommer",
        }),
      },
      {
        after: 2900,
        text: args({
          body: "Guten Tag, hiermit erinnern wir nochmals an die offene Rechnung 2026-0931 in Höhe von 868,40 €. Bei Fragen zur Ratenzahlung melden Sie sich gern.",
          to: "familie.krueger@example.de",
          subject: "Erinnerung: Rechnung Nr. 2026-0931",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "praxis-sommer",
    start: 77,
    key: "send_message",
    entity: "client:schaefer",
    case: "neg:other-client",
    members: [
      {
        after: 0,
        text: args({
          to: "m.schaefer@example.de",
          subject: "Zahlungserinnerung – Rechnung 2026-0957",
          body: "Sehr geehrte Frau Schäfer, leider konnten wir zu unserer Rechnung Nr. 2026-0957 über 412,10 € (Zahnsanierung Minka) noch keinen Zahlungseingang feststellen. Mit freundlichen Grüßen, Tierarztpraxis Sommer",
        }),
      },
    ],
  },

  // ── kanzlei-brandt (German) ──
  {
    layer: "proposal",
    tenant: "kanzlei-brandt",
    start: 41,
    key: "schedule_meeting",
    entity: "room:besprechungsraum-1",
    members: [
      {
        after: 0,
        text: args({
          title: "Besprechung Herr Lange – Vollmacht unterzeichnen",
          room: "Besprechungsraum 1",
          start: "2026-12-08T09:30",
          duration_min: 30,
          attendees: ["RA Brandt", "Herr Lange"],
        }),
      },
      {
        after: 40,
        text: args({
          start: "2026-12-08T09:30",
          duration_min: 30,
          room: "Besprechungsraum 1",
          title: "Termin Lange (Unterschrift Vollmacht + kurze Mandatsbesprechung)",
          attendees: ["Herr Lange", "RA Brandt"],
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "kanzlei-brandt",
    start: 25,
    key: "pay_supplier",
    entity: "supplier:landesjustizkasse",
    members: [
      {
        after: 0,
        text: args({
          supplier: "Landesjustizkasse",
          amount: 438,
          currency: "EUR",
          reference: "Az. 4 O 217/26",
          memo: "Gerichtskostenvorschuss Hoffmann ./. Stadtwerke",
        }),
      },
      {
        after: 200,
        text: args({
          supplier: "Landesjustizkasse",
          reference: "Az. 4 O 217/26",
          amount: 438,
          currency: "EUR",
          memo: "GKV überweisen, sonst wird nicht zugestellt",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "kanzlei-brandt",
    start: 95,
    key: "pay_supplier",
    entity: "supplier:landesjustizkasse",
    case: "neg:other-reference",
    members: [
      {
        after: 0,
        text: args({
          supplier: "Landesjustizkasse",
          amount: 438,
          currency: "EUR",
          reference: "Az. 4 O 229/26",
          memo: "Gerichtskostenvorschuss Lange ./. Wohnbau GmbH",
        }),
      },
    ],
  },

  // ── velo-atelier-nantes (French) ──
  {
    layer: "proposal",
    tenant: "velo-atelier-nantes",
    start: 61,
    key: "send_message",
    entity: "client:garnier",
    members: [
      {
        after: 0,
        text: args({
          to: "+33 6 12 34 56 78",
          text: "Bonjour M. Garnier, la chaîne est arrivée et votre vélo est prêt. Vous pouvez passer le récupérer dès demain 10h. L'Atelier Vélo",
        }),
      },
      {
        after: 35,
        text: args({
          to: "+33 6 12 34 56 78",
          text: "Bonjour, bonne nouvelle : votre vélo est réparé (chaîne 12v posée), il vous attend à l'atelier à partir de demain matin. Bonne journée !",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "velo-atelier-nantes",
    start: 103,
    key: "refund_payment",
    entity: "client:lebrun",
    members: [
      {
        after: 0,
        text: args({
          payment_id: "TPE-20261203-044",
          amount: 35,
          currency: "EUR",
          reason: "Acompte chaîne remboursé : pièce en rupture chez le fournisseur",
        }),
      },
      {
        after: 1600,
        text: args({
          amount: 35,
          currency: "EUR",
          payment_id: "TPE-20261203-044",
          reason: "rembourser l'acompte de Mme Lebrun (chaîne introuvable)",
        }),
      },
    ],
  },

  // ── ecole-babel (French) ──
  {
    layer: "proposal",
    tenant: "ecole-babel",
    start: 40,
    key: "post_message",
    entity: "channel:profs",
    members: [
      {
        after: 0,
        text: args({
          channel: "#profs",
          text: "La salle 2 est réservée samedi 13 toute la journée pour l'examen DELF. Merci de ne rien y programmer.",
        }),
      },
      {
        after: 150,
        text: args({
          channel: "#profs",
          text: "Petit rappel : pas de cours en salle 2 ce samedi 13, c'est le DELF !",
        }),
      },
    ],
  },
  {
    layer: "proposal",
    tenant: "ecole-babel",
    start: 112,
    key: "post_message",
    entity: "channel:profs",
    case: "neg:other-date",
    members: [
      {
        after: 0,
        text: args({
          channel: "#profs",
          text: "La salle 2 est réservée samedi 20 toute la journée pour l'examen DELF. Merci de ne rien y programmer.",
        }),
      },
    ],
  },
];

export const outsideGroups: StreamGroup[] = [...tasks, ...proposals];
