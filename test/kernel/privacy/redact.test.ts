import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  detectPersonalData,
  emptyRedactionMapping,
  redactAll,
  redactEntities,
  redactPersonalData,
  restorePersonalData,
} from "../../../kernel/privacy/index";

describe("reversible redaction", () => {
  it("replaces each value by a numbered placeholder of its type", () => {
    const { text, mapping } = redactPersonalData(
      "Call Rebecca Stone on +44 161 496 0321 or rebecca@stone.io.",
    );
    expect(text).toBe("Call ⟨PERSON_1⟩ on ⟨PHONE_1⟩ or ⟨EMAIL_1⟩.");
    expect(mapping.entries.map((entry) => entry.value)).toEqual([
      "Rebecca Stone",
      "+44 161 496 0321",
      "rebecca@stone.io",
    ]);
  });

  it("keeps placeholders stable across the messages of one request, and spacing does not split a value", () => {
    const { texts, mapping } = redactAll([
      "Pay DE89 3704 0044 0532 0130 00 for Kevin Walsh.",
      "Kevin Walsh confirmed DE89370400440532013000; Chloe Evans did not.",
    ]);
    expect(texts).toEqual([
      "Pay ⟨IBAN_1⟩ for ⟨PERSON_1⟩.",
      "⟨PERSON_1⟩ confirmed ⟨IBAN_1⟩; ⟨PERSON_2⟩ did not.",
    ]);
    expect(mapping.entries).toHaveLength(3);
  });

  it("restores the reply, including placeholders the model rewrote with ASCII brackets", () => {
    const { mapping } = redactPersonalData("Email chloe@evans.dev about Chloe Evans.");
    const reply = "I wrote to ⟨EMAIL_1⟩; <PERSON_1> will get it today. ⟨PERSON_9⟩ is unknown.";
    expect(restorePersonalData(reply, mapping)).toBe(
      "I wrote to chloe@evans.dev; Chloe Evans will get it today. ⟨PERSON_9⟩ is unknown.",
    );
  });

  it("does not change a text without personal data, and restoring with an empty mapping is the identity", () => {
    const text = "Summarise invoice INV-2024-0042 for €1,234.50.";
    expect(redactPersonalData(text)).toEqual({ text, mapping: emptyRedactionMapping });
    expect(restorePersonalData("⟨PERSON_1⟩", emptyRedactionMapping)).toBe("⟨PERSON_1⟩");
  });

  it("the redacted text carries none of the detected values", () => {
    const original =
      "Mrs. Patel, 90 High Street, Oxford OX1 4BG, card 4663 9233 2146 8814, born 9 October 1987.";
    const { text } = redactPersonalData(original);
    for (const entity of detectPersonalData(original)) expect(text).not.toContain(entity.text);
  });

  it("round trip: restore(redact(text)) === text for any text around generated values", () => {
    const values = fc.constantFrom(
      "Rebecca Stone",
      "uwe.krause@firma-krause.de",
      "+44 161 496 0321",
      "DE89 3704 0044 0532 0130 00",
      "4663 9233 2146 8814",
      "81.2.69.160",
    );
    const filler = fc.string({ maxLength: 12 }).map((s) => ` ${s.replace(/[⟨⟩<>]/g, "")} `);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, values), { minLength: 1, maxLength: 5 }),
        fc.string({ maxLength: 8 }),
        (parts, tail) => {
          const text = parts.map(([before, value]) => before + value).join("") + tail.replace(/[⟨⟩<>]/g, "");
          const { text: redacted, mapping } = redactPersonalData(text);
          expect(restorePersonalData(redacted, mapping)).toBe(text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("redactEntities skips an entity overlapping an earlier one instead of corrupting the text", () => {
    const text = "abc def";
    const { text: out } = redactEntities(text, [
      { type: "PERSON", start: 0, end: 5, text: "abc d" },
      { type: "EMAIL", start: 4, end: 7, text: "def" },
    ]);
    expect(out).toBe("⟨PERSON_1⟩ef");
  });
});
