/**
 * The small vocabulary normalisation uses: filler words that carry no meaning about the work,
 * and groups of everyday business words people use interchangeably. It is deliberately generic
 * (office English, not one company's jargon); a word missing here costs recall, a wrong group
 * costs precision, so groups only hold words that mean the same thing in a work request.
 */
import { stem } from "./stem";

export const stopWords: ReadonlySet<string> = new Set(
  (
    "a an the to for of on in at by with from into onto and or but nor so as than then " +
    "is are be been being was were am it its this that these those there here " +
    "please pls plz kindly can could would should will shall may might must need needs needed " +
    "i me my mine we us our ours you your yours they them their he him his she her " +
    "do does did done doing has have had having get got let lets just also still again " +
    "up out about over any some someone somebody anyone something all " +
    "hi hello hey thanks thank cheers team folks guys ok okay asap quick quickly now " +
    "what which who whom when where why how if whether not no yes yet " +
    // Titles say nothing about the work and would make "Mrs Okafor" and "Mrs Patel" look alike.
    "mr mrs ms miss dr sir madam " +
    // Time fillers: a deadline is reworded freely ("before it expires", "today", "soon").
    "before soon today tonight across"
  ).split(" "),
);

/** Each group's first word is the canonical form the others are mapped to. */
const synonymGroups: readonly string[][] = [
  ["send", "email", "mail", "forward", "resend"],
  ["chase", "remind", "reminder", "nudge", "ping", "follow", "followup"],
  ["fix", "repair", "mend", "resolve", "sort"],
  ["check", "review", "inspect", "inspection", "verify", "examine", "audit", "look"],
  ["update", "revise", "revised", "amend", "amended", "change", "modify", "edit", "new", "updated"],
  ["prepare", "draft", "write", "produce", "create", "make", "put"],
  ["arrange", "book", "schedule", "organise", "organize", "plan", "setup"],
  ["call", "phone", "ring"],
  ["pay", "settle", "payment", "paid"],
  ["invoice", "bill"],
  ["quote", "quotation", "estimate"],
  ["client", "customer"],
  ["overdue", "late", "outstanding", "unpaid"],
  ["broken", "faulty", "damaged", "defective"],
  ["deploy", "release", "rollout", "ship"],
  ["bug", "error", "issue", "problem", "fault", "failure"],
  ["photo", "picture", "image", "pic"],
  ["cert", "certificate", "certification"],
  ["urgent", "urgently", "immediately", "priority"],
  ["renew", "renewal", "renewing"],
  ["expire", "expiry", "expiration", "expires"],
  ["visit", "survey"],
  ["scaffold", "scaffolding"],
];

const canonicalByStem = new Map<string, string>();
for (const group of synonymGroups) {
  const canonical = stem(group[0]!);
  for (const word of group) canonicalByStem.set(stem(word), canonical);
}

/** The canonical word of a stemmed word's synonym group, or the word itself. */
export function canonicalWord(stemmed: string): string {
  return canonicalByStem.get(stemmed) ?? stemmed;
}

/**
 * Kinds of thing where two different members name two different pieces of work: a roofer and a
 * plasterer booked for the same job and day, a post about the loft conversion and one about the
 * kitchen extension for the same client. Two texts that both mention a member of one class, and
 * none in common, are different work however alike the rest reads (`termConflict`). Written for
 * building and office work (the default tenant template); a word missing here only costs
 * precision where wording alone must tell two jobs apart.
 */
const termClassWords: Readonly<Record<string, string>> = {
  trade:
    "electrician plumber plasterer roofer tiler joiner carpenter bricklayer decorator painter glazier " +
    "scaffolder groundworker labourer surveyor architect engineer welder landscaper gardener locksmith " +
    "gasfitter installer cleaner",
  space:
    "kitchen bathroom loft basement cellar attic garden roof office shopfront reception rear garage " +
    "conservatory porch bedroom lounge hallway patio driveway utility ensuite stairwell warehouse",
  certificate: "cscs ipaf pasma cpcs npors smsts sssts asbestos aid gas",
};

const termClassByWord = new Map<string, string>();
for (const [name, words] of Object.entries(termClassWords)) {
  for (const word of words.split(" ")) termClassByWord.set(canonicalWord(stem(word)), name);
}

/** The class of a normalised token ("roofer" → "trade"), if it belongs to one. */
export function termClassOf(token: string): string | undefined {
  return termClassByWord.get(token);
}
