/**
 * The audit chain as writers and verifiers reach it: every writer seals what it wrote through the
 * tenant's coordinator, which keeps one hash chain per writer and anchors its head
 * (durable-objects/tenant/audit-chain-keeper.ts); verification runs there too, reading the rows
 * from D1 and checking them against the heads (kernel/audit/chain.ts).
 */
import type { AuditChain } from "../db/queries/audit";
import { tenantStub } from "../durable-objects/stubs";
import type { AuditVerification } from "../kernel/audit/verify-chains";
import { log } from "../kernel/log";
import { accepted, type Refusable } from "../kernel/refusal";

type TenantEnv = Pick<Env, "TENANT">;

/** The chain of one writer of one tenant ("thread:<id>", "agent-loop:<id>", "api", "outbound"…). */
export function auditChain(env: TenantEnv, tenantId: string, writer: string): AuditChain {
  return {
    async seal(ids) {
      if (ids.length === 0) return;
      try {
        accepted(await tenantStub(env, tenantId).sealAudit(tenantId, writer, ids), `audit chain ${writer}`);
      } catch (error) {
        // Thrown on, so the write as a whole fails and is retried; the retry seals what is left.
        log("error", "audit.seal_failed", {
          tenant: tenantId,
          writer,
          ids: ids.length,
          error: String(error),
        });
        throw error;
      }
    },
  };
}

/** Checks every chain of the tenant: hashes, seq continuity, links, and each anchored head. */
export function verifyTenantAudit(env: TenantEnv, tenantId: string): Promise<Refusable<AuditVerification>> {
  return tenantStub(env, tenantId).verifyAudit(tenantId);
}
