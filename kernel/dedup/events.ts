/**
 * The layer-neutral event the CLI and the benchmark feed through the kernel:
 * `{"id","layer","tenant","text","entity"?,"key"?,"at"}` (+ optional `source`). Each event is
 * routed to the same layer function the Worker calls, so the CLI's answers are the Worker's.
 *
 * How the common fields map onto each layer:
 * - channel:   key = the platform's message id (same on retries and edits), source = platform,
 *              entity = the sender (identical text from two senders is two messages unless forwarded)
 * - discovery: source = discoverer, entity, key = the discoverer's identity of the finding
 * - task:      key = dedup key, entity = what the task concerns
 * - proposal:  key = the action (tool name), entity = its target, text = its arguments
 */
import { z } from "zod";
import { dedupInboundMessage } from "./channel";
import type { DedupContext } from "./context";
import { dedupFinding } from "./discovery";
import { dedupProposal } from "./proposal";
import { dedupTask } from "./task";
import { type DedupVerdict, dedupLayers } from "./types";

const nonEmpty = z.string().trim().min(1, "must not be empty");
const atMessage = "must be an ISO 8601 date-time (e.g. 2026-11-25T08:00:00Z) or epoch milliseconds";

/** Unknown fields (labels, notes) are allowed and ignored, so labelled streams feed straight in. */
export const dedupEventSchema = z.object({
  id: nonEmpty,
  layer: z.enum(dedupLayers),
  tenant: nonEmpty,
  text: z.string(),
  entity: nonEmpty.optional(),
  key: nonEmpty.optional(),
  source: nonEmpty.optional(),
  at: z.union(
    [z.iso.datetime({ offset: true, error: atMessage }), z.number({ error: atMessage }).int().nonnegative()],
    {
      error: atMessage,
    },
  ),
});
export type DedupEvent = z.infer<typeof dedupEventSchema>;

export class DedupEventError extends Error {
  override readonly name = "DedupEventError";
  constructor(
    readonly line: number,
    readonly field: string,
    detail: string,
  ) {
    super(`line ${line}: ${field}: ${detail}`);
  }
}

/**
 * Parse one JSONL line.
 * @throws DedupEventError naming the line number (1-based) and the field
 */
export function parseDedupEventLine(text: string, line: number): DedupEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DedupEventError(
      line,
      "(line)",
      `not valid JSON (${error instanceof Error ? error.message : error})`,
    );
  }
  const result = dedupEventSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length ? issue.path.join(".") : "(line)";
  const detail = issue.code === "invalid_type" && issue.input === undefined ? "is required" : issue.message;
  throw new DedupEventError(line, field, detail);
}

function eventTime(event: DedupEvent): number {
  return typeof event.at === "number" ? event.at : Date.parse(event.at);
}

/** Route one event to its layer and return that layer's verdict. */
export async function dedupEvent(context: DedupContext, event: DedupEvent): Promise<DedupVerdict> {
  const at = eventTime(event);
  const { id, tenant, text, entity, key, source } = event;
  switch (event.layer) {
    case "channel":
      return dedupInboundMessage(context, {
        tenant,
        id,
        platform: source ?? "chat",
        platformMessageId: key,
        sender: entity,
        text,
        at,
      });
    case "discovery":
      return dedupFinding(context, { tenant, id, source: source ?? "default", entity, key, text, at });
    case "task":
      return dedupTask(context, { tenant, id, text, entity, key, at });
    case "proposal":
      return dedupProposal(context, {
        tenant,
        id,
        action: key ?? "",
        target: entity ?? "",
        argumentsText: text,
        at,
      });
  }
}
