/** The bodies carried by Cairn's queues, validated on the way in like any other boundary. */
import { z } from "zod";

const Envelope = { tenantId: z.string(), channelId: z.string(), receivedAt: z.number() };

export const InboundQueueMessageSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("telegram.update"),
    ...Envelope,
    /** The raw update, re-validated by the consumer. */
    update: z.unknown(),
  }),
  z.object({
    /** An Events API `event_callback` envelope, re-validated by the consumer. */
    kind: z.literal("slack.event"),
    ...Envelope,
    envelope: z.unknown(),
  }),
  z.object({ kind: z.literal("slack.command"), ...Envelope, command: z.unknown() }),
  z.object({ kind: z.literal("slack.interaction"), ...Envelope, payload: z.unknown() }),
]);
export type InboundQueueMessage = z.infer<typeof InboundQueueMessageSchema>;

export const OutboundQueueMessageSchema = z.object({
  tenantId: z.string(),
  outboxId: z.string(),
  /**
   * Set when a delivery put the row back to wait (pacing, a 429 pause): the id of the delivery
   * that holds the row's send lease, so its continuation may take the lease up again.
   */
  holder: z.string().optional(),
});
export type OutboundQueueMessage = z.infer<typeof OutboundQueueMessageSchema>;
