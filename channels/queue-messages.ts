/** The bodies carried by Cairn's queues, validated on the way in like any other boundary. */
import { z } from "zod";

/**
 * An inbound event: `kind` is `<platform>.<event>` (`telegram.update`, `slack.event`, …), the
 * envelope says whose it is, and the adapter's own payload field rides along (re-validated by
 * the adapter when consumed).
 */
export const InboundQueueMessageSchema = z.looseObject({
  kind: z.string().regex(/^[a-z][a-z0-9-]*\.[a-z_]+$/, "<platform>.<event>"),
  tenantId: z.string(),
  channelId: z.string(),
  receivedAt: z.number(),
});
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
