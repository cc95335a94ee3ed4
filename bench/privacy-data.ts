/**
 * Loads the labelled personal-data sets (bench/data/privacy/pii-{dev,test}.txt): one message a line,
 * `<lang> <kind> <text>`, with each value marked `{{TYPE|value}}` in the text. The markup is removed
 * and each value's offsets in the plain text are kept as the gold labels.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export interface GoldEntity {
  type: string;
  start: number;
  end: number;
  text: string;
}

export interface LabelledMessage {
  id: string;
  lang: string;
  /** "pii": values are labelled; "look": look-alikes only, nothing should be found. */
  kind: "pii" | "look";
  text: string;
  gold: GoldEntity[];
}

const dataDir = path.join(import.meta.dirname, "data", "privacy");

export function loadPersonalDataSet(name: "dev" | "test"): LabelledMessage[] {
  const lines = readFileSync(path.join(dataDir, `pii-${name}.txt`), "utf8").split("\n");
  const messages: LabelledMessage[] = [];
  lines.forEach((line, index) => {
    if (!line.trim() || line.startsWith("#")) return;
    const match = /^(\w\w) (pii|look) (.*)$/.exec(line);
    if (!match) throw new Error(`pii-${name}.txt:${index + 1}: expected "<lang> <pii|look> <text>"`);
    const [, lang, kind, marked] = match;
    messages.push({
      id: `${name}-${index + 1}`,
      lang: lang!,
      kind: kind as "pii" | "look",
      ...unmark(marked!),
    });
  });
  return messages;
}

function unmark(marked: string): { text: string; gold: GoldEntity[] } {
  const gold: GoldEntity[] = [];
  let text = "";
  let cursor = 0;
  for (const match of marked.matchAll(/\{\{([A-Z_]+)\|(.*?)\}\}/g)) {
    text += marked.slice(cursor, match.index);
    const start = text.length;
    text += match[2]!;
    gold.push({ type: match[1]!, start, end: text.length, text: match[2]! });
    cursor = match.index + match[0].length;
  }
  text += marked.slice(cursor);
  return { text, gold };
}
