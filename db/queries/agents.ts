import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client";
import { agents } from "../schema";

export async function listAgents(db: Database, tenantId: string) {
  return db.select().from(agents).where(eq(agents.tenantId, tenantId)).orderBy(asc(agents.id));
}

export async function getAgent(db: Database, tenantId: string, agentId: string) {
  const [row] = await db
    .select()
    .from(agents)
    .where(and(eq(agents.tenantId, tenantId), eq(agents.id, agentId)))
    .limit(1);
  return row ?? null;
}
