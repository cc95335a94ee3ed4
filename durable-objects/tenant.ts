/**
 * Tenant: one Durable Object per tenant, the embedded coordination store. Every dedup check of
 * the tenant runs here, one at a time, so two agents racing on the same work get one "new" and
 * one "duplicate" — and a task is created in D1 inside the same serialised step, so the race
 * yields one task. Claims themselves are arbitrated by D1 (db/queries/task-board.ts).
 *
 * Callers use the functions at the bottom (`fileTask`, `checkFindings`, `checkProposalDuplicate`,
 * `recordProposalFate`, `closeTaskForDedupIn`) through the `TenantCoordination` interface, so a
 * hosted backend (Upstash Redis) can replace this object without changing them.
 */

import { z } from "zod";
import { database } from "../db/client";
import type { AuditChain } from "../db/queries/audit";
import type { ChainHead } from "../kernel/audit/chain";
import type { AuditVerification } from "../kernel/audit/verify-chains";
import { systemClock } from "../kernel/clock";
import type { DedupConfigInput, DedupVerdict, Finding, NewProposal } from "../kernel/dedup";
import { dedupConfigSchema } from "../kernel/dedup";
import type { RateLimit } from "../kernel/policy";
import { isRefusal, type Refusable } from "../kernel/refusal";
import { applyCooldownChanges, type CooldownChanges, type CooldownState } from "../kernel/routing/cooldowns";
import type { FiledTask, FileTaskRequest } from "../runtime/tenant-rpc-types";
import { CairnObject } from "./cairn-object";
import { AuditChainKeeper } from "./tenant/audit-chain-keeper";
import { RateBudget, type RateVerdict } from "./tenant/rate-budget";
import { type PaceRequest, PaceRequestSchema, type PaceVerdict, SendPacer } from "./tenant/send-pacer";
import { TenantDedup } from "./tenant/tenant-dedup";

export type { FiledTask, FileTaskRequest } from "../runtime/tenant-rpc-types";

/**
 * What agents and tools need from the coordination store; the Tenant DO is the embedded one.
 * Each answer is a refusal for another tenant or an invalid request (kernel/refusal.ts).
 */
export interface TenantCoordination {
  fileTask(request: FileTaskRequest): Promise<Refusable<FiledTask>>;
  checkFindings(
    findings: (Finding & { agentId: string; actor: string })[],
  ): Promise<Refusable<DedupVerdict[]>>;
  checkProposal(proposal: NewProposal & { actor: string }): Promise<Refusable<DedupVerdict>>;
  proposalFate(
    tenantId: string,
    proposalId: string,
    fate: "executed" | "rejected",
    at: number,
  ): Promise<Refusable<{ recorded: true }>>;
  closeTask(tenantId: string, taskId: string): Promise<Refusable<{ closed: true }>>;
}

export class Tenant extends CairnObject implements TenantCoordination {
  private readonly clock = systemClock;
  private dedup: TenantDedup | undefined;
  /** One check at a time: D1 writes inside a check are I/O, which input gates do not hold back. */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(tenantId: string, work: (dedup: TenantDedup) => Promise<T>): Promise<Refusable<T>> {
    const run = this.queue.then(async () => {
      const dedup = await this.bound(tenantId);
      return isRefusal(dedup) ? dedup : work(dedup);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Binds the object to the first tenant it serves; any other tenant is refused (the reason). */
  private async refusal(tenantId: string): Promise<string | undefined> {
    const bound = await this.ctx.storage.get<string>("tenant_id");
    if (bound && bound !== tenantId) return `this coordinator belongs to ${bound}, not ${tenantId}`;
    if (!bound) await this.ctx.storage.put("tenant_id", tenantId);
    return undefined;
  }

  private async bound(tenantId: string): Promise<Refusable<TenantDedup>> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    if (!this.dedup) {
      const config = (await this.ctx.storage.get<DedupConfigInput>("dedup_config")) ?? {};
      this.dedup = new TenantDedup(
        this.ctx.storage.sql,
        database(this.env.DB),
        config,
        () => this.clock.now(),
        this.localChain(tenantId, "tenant"),
      );
    }
    return this.dedup;
  }

  /** Thresholds and windows are configuration (kernel/dedup/config.ts); validated before stored. */
  async setDedupConfig(tenantId: string, config: DedupConfigInput): Promise<Refusable<{ stored: true }>> {
    const parsed = dedupConfigSchema.safeParse(config);
    if (!parsed.success) return { refused: `bad dedup config: ${parsed.error.issues[0]?.message}` };
    return this.serial(tenantId, async () => {
      await this.ctx.storage.put("dedup_config", parsed.data);
      this.dedup = undefined;
      return { stored: true } as const;
    });
  }

  async fileTask(request: FileTaskRequest): Promise<Refusable<FiledTask>> {
    return this.serial(request.tenantId, (dedup) => dedup.fileTask(request));
  }

  async checkFindings(
    findings: (Finding & { agentId: string; actor: string })[],
  ): Promise<Refusable<DedupVerdict[]>> {
    const tenant = findings[0]?.tenant;
    if (!tenant) return [];
    if (findings.some((finding) => finding.tenant !== tenant))
      return { refused: "findings of several tenants" };
    return this.serial(tenant, (dedup) => dedup.checkFindings(findings));
  }

  async checkProposal(proposal: NewProposal & { actor: string }): Promise<Refusable<DedupVerdict>> {
    return this.serial(proposal.tenant, (dedup) => dedup.checkProposal(proposal));
  }

  async proposalFate(
    tenantId: string,
    proposalId: string,
    fate: "executed" | "rejected",
    at: number,
  ): Promise<Refusable<{ recorded: true }>> {
    return this.serial(tenantId, async (dedup) => {
      await dedup.proposalFate(tenantId, proposalId, fate, at);
      return { recorded: true } as const;
    });
  }

  /** Counts one call of `tool` by `agentId` against the policy's rate budgets, if they have room. */
  async consumeRateBudget(
    tenantId: string,
    agentId: string,
    tool: string,
    limits: RateLimit[],
    at: number,
  ): Promise<Refusable<RateVerdict>> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    this.rates ??= new RateBudget(this.ctx.storage.sql);
    return this.rates.consume(agentId, tool, limits, at);
  }

  private rates: RateBudget | undefined;

  /**
   * Provider cooldowns shared by all the tenant's threads, so a 429 with Retry-After seen by one
   * ContextThread makes the others skip that provider too. Answers `{ refused }` for another
   * tenant instead of throwing across RPC.
   */
  async providerCooldowns(tenantId: string): Promise<SharedCooldowns> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    return { cooldowns: (await this.ctx.storage.get<CooldownState>(COOLDOWNS_KEY)) ?? {} };
  }

  /** One thread's changes (see `applyCooldownChanges`); answers the shared state after them. */
  async reportProviderCooldowns(tenantId: string, changes: CooldownChanges): Promise<SharedCooldowns> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    const parsed = cooldownChangesSchema.safeParse(changes);
    if (!parsed.success) return { refused: `bad cooldown changes: ${parsed.error.issues[0]?.message}` };
    const current = (await this.ctx.storage.get<CooldownState>(COOLDOWNS_KEY)) ?? {};
    const next = applyCooldownChanges(current, parsed.data, this.clock.now());
    await this.ctx.storage.put(COOLDOWNS_KEY, next);
    return { cooldowns: next };
  }

  /**
   * The outbound consumer asks before every platform call: a slot under each of the send's
   * pacing rules and the outbox row's delivery lease (durable-objects/tenant/send-pacer.ts).
   */
  async paceSend(tenantId: string, request: PaceRequest, at: number): Promise<Refusable<PaceVerdict>> {
    const parsed = PaceRequestSchema.safeParse(request);
    if (!parsed.success) return { refused: parsed.error.issues[0]?.message ?? "invalid pace request" };
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    this.pacer ??= new SendPacer(this.ctx.storage.sql);
    return this.pacer.reserve(parsed.data, at);
  }

  private pacer: SendPacer | undefined;

  async closeTask(tenantId: string, taskId: string): Promise<Refusable<{ closed: true }>> {
    return this.serial(tenantId, async (dedup) => {
      await dedup.closeTask(tenantId, taskId);
      return { closed: true } as const;
    });
  }

  private chains: AuditChainKeeper | undefined;

  private keeper(): AuditChainKeeper {
    this.chains ??= new AuditChainKeeper(this.ctx.storage.sql, database(this.env.DB), () => this.clock.now());
    return this.chains;
  }

  /** This object's own writes (dedup verdicts) seal without a round trip to itself. */
  private localChain(tenantId: string, writer: string): AuditChain {
    return { seal: async (ids) => void (await this.keeper().seal(tenantId, writer, ids)) };
  }

  /**
   * Seals audit rows a writer has just inserted into that writer's hash chain and anchors its new
   * head here (durable-objects/tenant/audit-chain-keeper.ts). Refuses another tenant or a
   * malformed request; the caller's write then fails and is retried, which seals what is left.
   */
  async sealAudit(tenantId: string, writer: string, ids: string[]): Promise<SealedAudit> {
    const parsed = sealRequestSchema.safeParse({ writer, ids });
    if (!parsed.success) return { refused: parsed.error.issues[0]?.message ?? "invalid seal request" };
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    return { sealed: await this.keeper().seal(tenantId, parsed.data.writer, parsed.data.ids) };
  }

  /** Every audit chain's anchored head. */
  async auditHeads(tenantId: string): Promise<AnchoredHeads> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    return this.keeper().heads(tenantId);
  }

  /** Checks the tenant's audit chains in D1 against the heads anchored here (kernel/audit/chain.ts). */
  async verifyAudit(tenantId: string): Promise<Refusable<AuditVerification>> {
    const refused = await this.refusal(tenantId);
    if (refused) return { refused };
    return this.keeper().verify(tenantId);
  }
}

export type SealedAudit = Refusable<{ sealed: number }>;
export type AnchoredHeads = Refusable<{ heads: ChainHead[]; chainStartedAt: number | null }>;

const sealRequestSchema = z.object({
  writer: z
    .string()
    .regex(/^[a-z][a-z-]*(:.+)?$/, "a writer id such as thread:<id>")
    .max(300),
  ids: z.array(z.string().min(1).max(300)).max(1000),
});

const COOLDOWNS_KEY = "provider_cooldowns";

export type SharedCooldowns = Refusable<{ cooldowns: CooldownState }>;

const cooldownEntrySchema = z.object({
  untilMs: z.number().int().nonnegative(),
  consecutiveFailures: z.number().int().positive(),
});
const cooldownChangesSchema = z.object({
  failed: z.record(z.string(), cooldownEntrySchema),
  recovered: z.array(z.string()),
});
