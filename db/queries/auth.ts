import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { apiTokens } from "../schema";

/** The only query not scoped by tenant: it is how the tenant is found, from a token's digest. */
export async function findActiveToken(db: Database, tokenHash: string) {
  const [row] = await db
    .select({ tenantId: apiTokens.tenantId, name: apiTokens.name })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}
