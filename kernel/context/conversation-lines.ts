/**
 * The JSON-lines formats `cairn context eval` and the context-eval benchmark read: conversation
 * messages `{"conversation", "id", "speaker", "text", "at"}` and questions
 * `{"conversation", "id", "question"}` (other fields, such as evidence labels, are kept aside for
 * scoring and never reach the assembler). `at` is an ISO 8601 time or epoch milliseconds.
 */
import { z } from "zod";

const id = z.union([z.string().min(1).max(500), z.number().int()]).transform(String);

export const conversationMessageLineSchema = z.object({
  conversation: id,
  id,
  speaker: z.string().min(1).max(200),
  text: z.string().max(100_000),
  at: z.union([
    z.number().int().nonnegative(),
    z
      .string()
      .refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO 8601 time")
      .transform((value) => Date.parse(value)),
  ]),
});

export const conversationQuestionLineSchema = z.object({
  conversation: id,
  id,
  question: z.string().min(1).max(20_000),
});

export type ConversationMessageLine = z.infer<typeof conversationMessageLineSchema>;
export type ConversationQuestionLine = z.infer<typeof conversationQuestionLineSchema> & {
  /** Everything else on the line (answer, evidence, category), for a scorer. */
  annotations: Record<string, unknown>;
};

/**
 * Parses JSON lines against a schema; blank lines are skipped; each problem names its line and
 * field. Duplicate ids are problems too: the output is keyed by them.
 *
 * @example
 * parseConversationLines('{"conversation":"c1","id":"m1","speaker":"Ana","text":"hi","at":0}', conversationMessageLineSchema)
 * // → { rows: [{ conversation: "c1", id: "m1", speaker: "Ana", text: "hi", at: 0, annotations: {} }], problems: [] }
 */
export function parseConversationLines<T extends z.ZodObject>(
  input: string,
  schema: T,
): { rows: (z.infer<T> & { annotations: Record<string, unknown> })[]; problems: string[] } {
  const rows: (z.infer<T> & { annotations: Record<string, unknown> })[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const known = new Set(Object.keys(schema.shape));
  input.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(`line ${line}: not valid JSON (${(error as Error).message})`);
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      problems.push(`line ${line}: expected a JSON object`);
      return;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      problems.push(`line ${line}: ${issue.path.join(".") || "(line)"}: ${issue.message}`);
      return;
    }
    const row = parsed.data as z.infer<T> & { id: string };
    if (seen.has(row.id)) {
      problems.push(`line ${line}: id "${row.id}" appears twice`);
      return;
    }
    seen.add(row.id);
    const annotations = Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(([key]) => !known.has(key)),
    );
    rows.push({ ...row, annotations });
  });
  return { rows, problems };
}
