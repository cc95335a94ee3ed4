/**
 * A tenant's plan quotas, set by the platform operator (workers/platform/tenants.ts) and kept as
 * JSON on the tenant's row. A quota left out is unlimited. Enforced where the thing is counted:
 * messages per UTC day when a thread stores a new message, channels when one is connected.
 */
import { z } from "zod";

export const TenantQuotasSchema = z.strictObject({
  /** New messages stored per UTC day; past it, a message is kept and the person told, no turn runs. */
  messagesPerDay: z.int().min(0).max(100_000_000).optional(),
  /** Connected channels (one per platform). */
  channels: z.int().min(0).max(1_000).optional(),
});
export type TenantQuotas = z.infer<typeof TenantQuotasSchema>;

/** The stored JSON as quotas; anything unreadable is no quota, never a refusal of the tenant's work. */
export function quotasOf(stored: unknown): TenantQuotas {
  const parsed = TenantQuotasSchema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : {};
}

/** Whether `used` (this one included) goes past `limit`; an absent limit is never reached. */
export function overQuota(limit: number | undefined, used: number): boolean {
  return limit !== undefined && used > limit;
}
