/** The bodies carried by Cairn's queues, validated on the way in like any other boundary. */
import { z } from "zod";

export const InboundQueueMessageSchema = z.object({
  kind: z.literal("telegram.update"),
  tenantId: z.string(),
  channelId: z.string(),
  receivedAt: z.number(),
  /** The raw update, re-validated by the consumer. */
  update: z.unknown(),
});
export type InboundQueueMessage = z.infer<typeof InboundQueueMessageSchema>;

export const OutboundQueueMessageSchema = z.object({
  tenantId: z.string(),
  outboxId: z.string(),
});
export type OutboundQueueMessage = z.infer<typeof OutboundQueueMessageSchema>;
