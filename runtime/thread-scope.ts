import type { ChannelRow } from "../db/queries/channels";

/**
 * Whom a piece of thread work is for, bound once at the Durable Object's door: the tenant, the
 * thread, and the channel it speaks on. Passed whole, never as positional ids, so no call can
 * swap a thread id for a tenant id.
 */
export interface ThreadScope {
  readonly tenantId: string;
  readonly threadId: string;
  readonly channel: ChannelRow;
}
