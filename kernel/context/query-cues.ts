/**
 * What a question says about who and when, beyond its words: the people it names (matched against
 * the thread's speakers, so "Who did Maria meet?" prefers what Maria said) and the dates it names
 * ("on 3 May 2023", "in June 2023", "2023-05-03", "in 2022"), so messages from that day, month or
 * year rank up. Pure text rules; no model.
 */

export interface DateCue {
  /** Inclusive UTC range the question points at. */
  from: number;
  to: number;
  granularity: "day" | "month" | "year";
}

export interface QueryCues {
  /** Speakers of the thread the question names, lower-cased. */
  people: string[];
  dates: DateCue[];
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH =
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DAY_MONTH_YEAR = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+${MONTH}\.?,?\s+(\d{4})\b`, "gi");
const MONTH_DAY_YEAR = new RegExp(String.raw`\b${MONTH}\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`, "gi");
const MONTH_YEAR = new RegExp(String.raw`\b${MONTH}\.?,?\s+(?:of\s+)?(\d{4})\b`, "gi");
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const YEAR = /\b(?:in|of|during|since|by)\s+((?:19|20)\d{2})\b/gi;
const DAY_MS = 86_400_000;

function monthIndex(name: string): number {
  return MONTHS.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3)));
}

function dayCue(year: number, month: number, day: number): DateCue | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31) return undefined;
  const from = Date.UTC(year, month, day);
  return { from, to: from + DAY_MS - 1, granularity: "day" };
}

/** Dates the text names, most specific first; a day inside a named month is not repeated as the month. */
export function dateCues(text: string): DateCue[] {
  const cues: DateCue[] = [];
  const covered: [number, number][] = [];
  const take = (match: RegExpMatchArray, cue: DateCue | undefined) => {
    const start = match.index ?? 0;
    const end = start + match[0].length;
    if (!cue || covered.some(([a, b]) => start < b && end > a)) return;
    covered.push([start, end]);
    cues.push(cue);
  };
  for (const m of text.matchAll(ISO_DATE)) take(m, dayCue(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  for (const m of text.matchAll(DAY_MONTH_YEAR))
    take(m, dayCue(Number(m[3]), monthIndex(m[2]!), Number(m[1])));
  for (const m of text.matchAll(MONTH_DAY_YEAR))
    take(m, dayCue(Number(m[3]), monthIndex(m[1]!), Number(m[2])));
  for (const m of text.matchAll(MONTH_YEAR)) {
    const year = Number(m[2]);
    const month = monthIndex(m[1]!);
    take(m, { from: Date.UTC(year, month, 1), to: Date.UTC(year, month + 1, 1) - 1, granularity: "month" });
  }
  for (const m of text.matchAll(YEAR)) {
    const year = Number(m[1]);
    take(m, { from: Date.UTC(year, 0, 1), to: Date.UTC(year + 1, 0, 1) - 1, granularity: "year" });
  }
  return cues;
}

/**
 * @example
 * queryCues("What did Maria do on 3 May 2023?", ["Maria", "John"])
 * // { people: ["maria"], dates: [{ from: 1683072000000, to: …, granularity: "day" }] }
 */
export function queryCues(query: string, speakers: Iterable<string>): QueryCues {
  const words = new Set(
    [...query.matchAll(/[\p{L}][\p{L}'’-]*/gu)].map(([w]) => w.toLowerCase().replace(/['’]s$/, "")),
  );
  const people = new Set<string>();
  for (const speaker of speakers) {
    const name = speaker.toLowerCase();
    // A speaker is named by their full name or their first name ("Maria" for "Maria Lopez").
    const first = name.split(/\s+/)[0]!;
    if (words.has(name) || (first.length >= 3 && words.has(first))) people.add(name);
  }
  return { people: [...people], dates: dateCues(query) };
}
