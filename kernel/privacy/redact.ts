/**
 * Reversible redaction: personal data replaced by placeholders (`⟨PERSON_1⟩`) before a request
 * leaves for a provider that may not see it, and put back in the reply before it reaches the person.
 * One mapping per request: the same value gets the same placeholder in every message of the request,
 * so the model can still tell that two mentions are one person. The mapping is plain data that the
 * caller keeps (in the Durable Object) and never logs.
 */
import { detectPersonalData } from "./detect";
import type { PersonalDataEntity, PersonalDataType } from "./types";

export interface RedactionEntry {
  placeholder: string;
  type: PersonalDataType;
  value: string;
}

/** Immutable: `redact` returns a new mapping with any new entries appended. */
export interface RedactionMapping {
  readonly entries: readonly RedactionEntry[];
}

export const emptyRedactionMapping: RedactionMapping = { entries: [] };

/** Values that differ only in spacing or case (an IBAN in groups or compact) are one value. */
function sameValueKey(type: PersonalDataType, value: string): string {
  const compact = ["PERSON", "ADDRESS"].includes(type)
    ? value.replace(/\s+/g, " ")
    : value.replace(/[\s.()-]/g, "");
  return `${type}\u0000${compact.toLowerCase()}`;
}

export function placeholderFor(type: PersonalDataType, index: number): string {
  return `⟨${type}_${index}⟩`;
}

/**
 * Replaces each entity by its placeholder. Entities must not overlap (as `detectPersonalData` returns them).
 *
 * @example
 * const { text, mapping } = redactEntities("Call Anna on +352 621 123 456", entities);
 * // text === "Call ⟨PERSON_1⟩ on ⟨PHONE_1⟩"
 */
export function redactEntities(
  text: string,
  entities: readonly PersonalDataEntity[],
  mapping: RedactionMapping = emptyRedactionMapping,
): { text: string; mapping: RedactionMapping } {
  const entries = [...mapping.entries];
  const byKey = new Map(entries.map((entry) => [sameValueKey(entry.type, entry.value), entry]));
  const countByType = new Map<PersonalDataType, number>();
  for (const entry of entries) countByType.set(entry.type, (countByType.get(entry.type) ?? 0) + 1);

  let redacted = "";
  let cursor = 0;
  for (const entity of [...entities].sort((a, b) => a.start - b.start)) {
    if (entity.start < cursor) continue;
    const key = sameValueKey(entity.type, entity.text);
    let entry = byKey.get(key);
    if (!entry) {
      const index = (countByType.get(entity.type) ?? 0) + 1;
      countByType.set(entity.type, index);
      entry = { placeholder: placeholderFor(entity.type, index), type: entity.type, value: entity.text };
      entries.push(entry);
      byKey.set(key, entry);
    }
    redacted += text.slice(cursor, entity.start) + entry.placeholder;
    cursor = entity.end;
  }
  redacted += text.slice(cursor);
  return { text: redacted, mapping: { entries } };
}

/** Detects and redacts in one step. */
export function redactPersonalData(
  text: string,
  mapping: RedactionMapping = emptyRedactionMapping,
): { text: string; mapping: RedactionMapping } {
  return redactEntities(text, detectPersonalData(text), mapping);
}

/** Redacts every text of one request with one shared mapping. */
export function redactAll(
  texts: readonly string[],
  mapping: RedactionMapping = emptyRedactionMapping,
): { texts: string[]; mapping: RedactionMapping } {
  const out: string[] = [];
  let current = mapping;
  for (const text of texts) {
    const result = redactPersonalData(text, current);
    out.push(result.text);
    current = result.mapping;
  }
  return { texts: out, mapping: current };
}

const placeholderPattern = /[⟨<]([A-Z_]+_\d+)[⟩>]/g;

/**
 * Puts the original values back. Models sometimes rewrite ⟨…⟩ as <…>; both are restored.
 * A placeholder the mapping does not know is left as it is.
 */
export function restorePersonalData(text: string, mapping: RedactionMapping): string {
  if (mapping.entries.length === 0) return text;
  const byName = new Map(mapping.entries.map((entry) => [entry.placeholder.slice(1, -1), entry.value]));
  return text.replace(placeholderPattern, (whole, name: string) => byName.get(name) ?? whole);
}
