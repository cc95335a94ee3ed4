/**
 * Every model call of a turn goes through here: the routing kernel picks the cheapest tier
 * expected to succeed, budgets are checked against the D1 cost ledger before the call, the
 * runaway guard watches the turn, T0 handlers answer without a model, and what the provider
 * really used is booked. One instance lives for one turn (its runaway ledger is the turn's).
 */
import type { Database } from "../../db/client";
import { recordCost } from "../../db/queries/cost";
import { spendTotals, storedRoutingSettings } from "../../db/queries/routing";
import { recordTaskOutcome, taskOutcomeStatistics } from "../../db/queries/task-outcomes";
import type { AgentDefinition } from "../../kernel/agents/schema";
import { log } from "../../kernel/log";
import { assessBudget, type BudgetAssessment, DEFAULT_BUDGET_POLICY } from "../../kernel/routing/budget";
import { DEFAULT_CASCADE_POLICY } from "../../kernel/routing/cascade";
import { CooldownTracker } from "../../kernel/routing/cooldowns";
import { approximateTokens } from "../../kernel/routing/cost";
import {
  answerDeterministically,
  type DeterministicContext,
  type ScheduleReminderEffect,
} from "../../kernel/routing/deterministic-handlers";
import {
  type CycleLedger,
  checkToolCall,
  DEFAULT_RUNAWAY_LIMITS,
  emptyCycleLedger,
  recordToolCall,
} from "../../kernel/routing/runaway";
import { routingSettingsFrom, type TenantRoutingSettings } from "../../kernel/routing/tenant-settings";
import type { AgentRoutingLimits, OutcomeStats, TaskType, Tier } from "../../kernel/routing/types";
import { personalDataHandling } from "../../providers/personal-data-redaction";
import { completeRouted, type RoutedCompletionOutcome } from "../../providers/routed-completion";
import { type TenantModels, tenantModels } from "../../providers/select";
import type { ChatMessage, CompletionResult, ToolSpec } from "../../providers/types";
import type { AuditBuffer } from "./audit-buffer";
import type { CooldownStore } from "./provider-cooldowns";

export type ModelAnswer =
  | { kind: "answered"; result: CompletionResult; offline: boolean }
  | { kind: "deterministic"; text: string }
  | { kind: "stopped"; stopKind: string; reason: string };

export interface ModelCallDeps {
  db: Database;
  env: Env;
  tenantId: string;
  threadId: string;
  agent: AgentDefinition;
  now(): number;
  audit: AuditBuffer;
  /** Tells the tenant's owner (budget or runaway stops); the key makes it once per day and kind. */
  notifyOwner(text: string, idempotencyKey: string): Promise<void>;
  /** Provider cooldowns: the object's own, merged with the tenant's (durable-objects/provider-cooldowns.ts). */
  cooldowns: CooldownStore;
  deterministic: Omit<DeterministicContext, "now" | "utcOffsetMinutes">;
  /**
   * Carries out a T0 answer's effects (a reminder to store and fire, or to cancel). Without it, a
   * handler that needs one declines and the message goes one tier up, as a model can still answer it.
   */
  effects?: {
    scheduleReminder(effect: ScheduleReminderEffect, key: string, utcOffsetMinutes: number): Promise<void>;
    cancelReminder(key: string): Promise<void>;
  };
}

export interface ModelCallRequest {
  system: string;
  messages: ChatMessage[];
  tools: ToolSpec[];
  /** What the task is, for the router: usually the message being answered. */
  taskText: string;
  /** Unique per call within the turn and stable across retries of the turn. */
  callKey: string;
}

function statsFrom(rows: Awaited<ReturnType<typeof taskOutcomeStatistics>>): OutcomeStats {
  const stats: OutcomeStats = {};
  for (const row of rows) {
    const tier = Number(row.tier.replace(/^T/, "")) as Tier;
    const taskType = row.taskType as TaskType;
    stats[taskType] = {
      ...stats[taskType],
      [tier]: { attempts: Number(row.attempts), successes: Number(row.successes) },
    };
  }
  return stats;
}

/** A result the turn cannot use is a failed validation: the cascade retries one tier up. */
function validate(result: CompletionResult, offered: ToolSpec[]) {
  if (result.toolCalls.some((call) => !offered.some((tool) => tool.name === call.name)))
    return "tool_call_failed" as const;
  if (result.text.trim() === "" && result.toolCalls.length === 0) return "self_check_failed" as const;
  return undefined;
}

export class TurnModelCalls {
  private cycle: CycleLedger = emptyCycleLedger();

  private constructor(
    private readonly deps: ModelCallDeps,
    private readonly settings: TenantRoutingSettings,
    private readonly models: TenantModels,
    private budget: BudgetAssessment,
    private readonly stats: OutcomeStats,
  ) {}

  /** Reads settings, spend and outcome statistics once for the whole turn. */
  static async open(deps: ModelCallDeps): Promise<TurnModelCalls> {
    const settings = routingSettingsFrom(await storedRoutingSettings(deps.db, deps.tenantId));
    const spend = await spendTotals(deps.db, deps.tenantId, deps.agent.id, deps.now());
    const agentCaps = settings.budget.agents[deps.agent.id];
    const budget = assessBudget(
      {
        tenant: settings.budget.tenant,
        ...(agentCaps ? { agent: agentCaps } : {}),
        softLimitFraction: settings.budget.softLimitFraction ?? DEFAULT_BUDGET_POLICY.softLimitFraction,
        degradeToTier: settings.budget.degradeToTier ?? DEFAULT_BUDGET_POLICY.degradeToTier,
      },
      spend,
    );
    const stats = statsFrom(await taskOutcomeStatistics(deps.db, deps.tenantId));
    return new TurnModelCalls(deps, settings, tenantModels(deps.env, deps.tenantId, settings), budget, stats);
  }

  get offline(): boolean {
    return this.models.offline;
  }

  async complete(request: ModelCallRequest): Promise<ModelAnswer> {
    const maxTier = Number(this.deps.agent.max_tier.slice(1)) as Tier;
    let outcome = await this.route(request, { maxTier });
    if (outcome.status === "deterministic") {
      const answer = await answerDeterministically(outcome.handler, request.taskText, {
        ...this.deps.deterministic,
        now: this.deps.now(),
        utcOffsetMinutes: this.settings.utcOffsetMinutes,
      });
      const effects = this.deps.effects;
      if (answer.kind === "answered" && (answer.effects.length === 0 || effects)) {
        for (const [index, effect] of answer.effects.entries()) {
          if (effect.type === "cancel_reminder") await effects?.cancelReminder(effect.key);
          else
            await effects?.scheduleReminder(
              effect,
              `${request.callKey}_${index}`,
              this.settings.utcOffsetMinutes,
            );
        }
        await this.record(request, outcome);
        return { kind: "deterministic", text: answer.text };
      }
      // T0 declined: one tier up, the cascade's first step.
      outcome = await this.route(request, { maxTier, minTier: Math.min(1, maxTier) as Tier });
      if (outcome.status === "deterministic")
        return {
          kind: "stopped",
          stopKind: "cascade_exhausted",
          reason: "no model tier is allowed for this agent",
        };
    }
    await this.record(request, outcome);
    if (outcome.status === "stopped") {
      await this.stopped(outcome.kind, outcome.reason);
      return { kind: "stopped", stopKind: outcome.kind, reason: outcome.reason };
    }
    return { kind: "answered", result: outcome.result, offline: this.models.offline };
  }

  /** The runaway guard for tool calls: the same tool with the same input twice in a turn stops it. */
  checkToolCall(name: string, input: Record<string, unknown>): string | undefined {
    const verdict = checkToolCall(this.cycle, name, input, DEFAULT_RUNAWAY_LIMITS);
    if (verdict.stop) return verdict.reason;
    this.cycle = recordToolCall(this.cycle, name, input);
    return undefined;
  }

  private async route(
    request: ModelCallRequest,
    limits: AgentRoutingLimits,
  ): Promise<RoutedCompletionOutcome> {
    const before = await this.deps.cooldowns.load();
    const cooldowns = new CooldownTracker({ now: () => this.deps.now() }, undefined, before);
    const prompt = [request.system, ...request.messages.map((message) => message.content)].join("\n");
    // Detected once per request; the redaction mapping stays in this closure, never logged.
    const personalData = personalDataHandling(request);
    const outcome = await completeRouted({
      task: {
        agentRole: this.deps.agent.id,
        text: request.taskText,
        tools: this.deps.agent.tools,
        contextTokens: approximateTokens(prompt),
      },
      request: {
        system: request.system,
        messages: request.messages,
        tools: request.tools,
        metadata: { tenantId: this.deps.tenantId, threadId: this.deps.threadId, agentId: this.deps.agent.id },
      },
      inputTokens: approximateTokens(prompt),
      limits,
      table: this.models.table,
      providers: this.models.providers,
      budget: this.budget,
      stats: this.stats,
      privacy: {
        containsPersonalData: personalData.containsPersonalData,
        mode: this.settings.personalDataMode,
        privateProviders: this.models.privateProviders,
      },
      cycle: this.cycle,
      runawayLimits: DEFAULT_RUNAWAY_LIMITS,
      cascade: DEFAULT_CASCADE_POLICY,
      cooldowns,
      redact: personalData.redact,
      validate: (result) => validate(result, request.tools),
    });
    await this.deps.cooldowns.save(before, cooldowns.snapshot());
    if (outcome.status !== "deterministic") {
      this.cycle = outcome.cycle;
      await this.book(request, outcome.attempts);
    }
    // Placeholders back to the values before the answer reaches the person (a no-op unless redacted).
    return outcome.status === "answered"
      ? { ...outcome, result: personalData.restore(outcome.result) }
      : outcome;
  }

  /** Real usage into the ledger, one row per attempt, keyed so a retried turn books nothing twice. */
  private async book(
    request: ModelCallRequest,
    attempts: Extract<RoutedCompletionOutcome, { attempts: unknown }>["attempts"],
  ) {
    for (const [index, attempt] of attempts.entries()) {
      const at = this.deps.now();
      await recordCost(this.deps.db, {
        id: `cost_${request.callKey}_${index}`,
        tenantId: this.deps.tenantId,
        agentId: this.deps.agent.id,
        threadId: this.deps.threadId,
        provider: attempt.provider,
        model: attempt.model,
        inputTokens: attempt.usage.inputTokens,
        outputTokens: attempt.usage.outputTokens,
        cachedInputTokens: attempt.usage.cachedInputTokens,
        costMicros: attempt.costMicros,
        at,
      });
      this.budget = { ...this.budget, headroomMicros: this.budget.headroomMicros - attempt.costMicros };
    }
  }

  private async record(request: ModelCallRequest, outcome: RoutedCompletionOutcome) {
    const { decision } = outcome;
    const attempts = outcome.status === "deterministic" ? [] : outcome.attempts;
    log("info", "model.routed", {
      tenant: this.deps.tenantId,
      thread: this.deps.threadId,
      agent: this.deps.agent.id,
      tier: decision.tier,
      task_type: decision.features.taskType,
      reason: decision.reason,
      status: outcome.status,
    });
    this.deps.audit.add({
      actor: `agent:${this.deps.agent.id}`,
      action: outcome.status === "deterministic" ? "model.t0" : `model.${outcome.status}`,
      agentId: this.deps.agent.id,
      subjectType: "model_call",
      subjectId: request.callKey,
      detail: {
        tier: decision.tier,
        taskType: decision.features.taskType,
        reason: decision.reason,
        attempts: attempts.map((a) => ({
          tier: a.tier,
          provider: a.provider,
          model: a.model,
          costMicros: a.costMicros,
          outcome: a.outcome,
        })),
      },
    });
    for (const [index, attempt] of attempts.entries()) {
      await recordTaskOutcome(this.deps.db, {
        id: `out_${request.callKey}_${index}`,
        tenantId: this.deps.tenantId,
        taskType: decision.features.taskType,
        tier: `T${attempt.tier}`,
        success: attempt.outcome === "passed",
        costMicros: attempt.costMicros,
        agentId: this.deps.agent.id,
        taskId: `turn:${request.callKey}`,
        cycleId: this.deps.threadId,
        at: this.deps.now(),
      });
    }
  }

  private async stopped(kind: string, reason: string) {
    this.deps.audit.add({
      actor: "system",
      action: `model.stopped.${kind}`,
      agentId: this.deps.agent.id,
      subjectType: "agent",
      subjectId: this.deps.agent.id,
      detail: { reason },
    });
    if (kind === "budget" || kind === "runaway") {
      const day = new Date(this.deps.now()).toISOString().slice(0, 10);
      await this.deps.notifyOwner(
        `${this.deps.agent.name} stopped calling models (${kind}): ${reason}`,
        `owner:${kind}:${this.deps.agent.id}:${day}`,
      );
    }
  }
}
