import { describe, expect, it } from "vitest";
import { assessBudget } from "../../../kernel/routing/budget";
import { extractFeatures } from "../../../kernel/routing/features";
import { routeTask } from "../../../kernel/routing/router";
import type { OutcomeStats, RoutingTask } from "../../../kernel/routing/types";

const open = { limits: { maxTier: 4 as const } };
const route = (text: string, extra: Partial<RoutingTask> = {}) =>
  routeTask({ agentRole: "operations", text, ...extra }, open);

describe("T0: deterministic handlers, no model", () => {
  it.each([
    ["ping", "health_check"],
    ["Is the website up?", "health_check"],
    ["What's the status of ticket #4812?", "status_query"],
    ["Has invoice INV-2291 been paid?", "status_query"],
    ["list my open tasks", "task_list"],
    ["Remind me to renew the domain on Friday at 10am", "reminder"],
    ["thanks!", "acknowledgement"],
    ["👍", "acknowledgement"],
  ])("%s → %s", (text, handler) => {
    const decision = route(text);
    expect(decision.tier).toBe(0);
    expect(decision.features.handler).toBe(handler);
    expect(decision.reason).toContain(handler);
  });

  it("does not use a handler when the message asks for more than the handler does", () => {
    expect(
      route("Is the website up? If not, find out why checkout fails and draft a status page update").tier,
    ).not.toBe(0);
    expect(
      route("What's the status of ticket #4812 and what should we tell the customer about the delay?").tier,
    ).not.toBe(0);
    expect(route("thanks, now summarise the meeting notes").tier).not.toBe(0);
  });
});

describe("model tiers from features", () => {
  it("sends simple single-step language work to T1", () => {
    expect(route("Categorise these card transactions into our expense categories").tier).toBe(1);
    expect(route("Extract the invoice number, due date and total from this PDF text").tier).toBe(1);
    expect(route("Write a short thank-you reply to Maria for the referral").tier).toBe(1);
  });

  it("sends ordinary drafting and reporting to T2", () => {
    expect(route("Draft a follow-up email to the leads from Tuesday's webinar").tier).toBe(2);
    expect(route("Summarise the attached board pack", { contextTokens: 9_000 }).tier).toBeGreaterThanOrEqual(
      2,
    );
  });

  it("sends multi-factor analysis to T3 and high-stakes deep work to T4", () => {
    expect(route("Do a root cause analysis of last week's checkout outage").tier).toBe(3);
    const board = route("Forecast cash runway under three hiring scenarios for the investor update");
    expect(board.tier).toBe(4);
    expect(board.reason).toMatch(/high stakes with deep reasoning/);
  });

  it("raises the tier for large context and many tools", () => {
    expect(route("Categorise these support tickets", { contextTokens: 80_000 }).tier).toBe(3);
    expect(route("Categorise these support tickets", { tools: ["crm", "email", "calendar"] }).tier).toBe(2);
  });

  it("explains every decision with its features", () => {
    const decision = route("Review the NDA from Northwind and flag unusual clauses");
    expect(decision.features).toMatchObject({ highStakes: true, agentRole: "operations" });
    expect(decision.features.cues).toContain("stakes:legal");
    expect(decision.reason).toMatch(/high stakes/);
  });
});

describe("limits, evidence and budget", () => {
  const analysis = { agentRole: "bi", text: "Analyse why trial conversions dropped in October" };

  it("never routes above the agent's maximum tier", () => {
    const decision = routeTask(analysis, { limits: { maxTier: 2 } });
    expect(decision.tier).toBe(2);
    expect(decision.reason).toMatch(/maximum tier caps this at T2/);
  });

  it("moves one tier down when a cheaper tier has proven itself at this task type", () => {
    const type = extractFeatures(analysis).taskType;
    const proven: OutcomeStats = { [type]: { 2: { attempts: 200, successes: 196 } } };
    expect(routeTask(analysis, { ...open, stats: proven }).tier).toBe(2);
    // Three lucky successes are not evidence.
    const thin: OutcomeStats = { [type]: { 2: { attempts: 3, successes: 3 } } };
    expect(routeTask(analysis, { ...open, stats: thin }).tier).toBe(3);
  });

  it("prefers the agent role's own evidence over the tenant-wide evidence", () => {
    const type = extractFeatures(analysis).taskType;
    const tenantWide: OutcomeStats = { [type]: { 2: { attempts: 200, successes: 196 } } };
    const biFails = { bi: { [type]: { 2: { attempts: 60, successes: 30 } } } };
    expect(routeTask(analysis, { ...open, stats: tenantWide }).tier).toBe(2);
    // The BI agent's own record at T2 is poor, so the tenant-wide success does not pull it down.
    expect(routeTask(analysis, { ...open, stats: tenantWide, statsByRole: biFails }).tier).toBe(3);
    expect(
      routeTask({ ...analysis, agentRole: "sales" }, { ...open, stats: tenantWide, statsByRole: biFails })
        .tier,
    ).toBe(2);
  });

  it("moves one tier up when the chosen tier keeps failing at this task type", () => {
    const text = "Categorise these card transactions into our expense categories";
    const failing: OutcomeStats = { classification: { 1: { attempts: 80, successes: 40 } } };
    const decision = routeTask({ agentRole: "finance", text }, { ...open, stats: failing });
    expect(decision.tier).toBe(2);
    expect(decision.reason).toMatch(/40\/80 at T1/);
  });

  it("degrades near the soft limit and refuses model calls at the hard limit, but keeps T0", () => {
    const policy = { tenant: { dailyMicros: 5_000_000 }, softLimitFraction: 0.8, degradeToTier: 2 as const };
    const spend = (today: number) => ({
      tenantTodayMicros: today,
      tenantMonthMicros: today,
      agentTodayMicros: 0,
      agentMonthMicros: 0,
    });
    const soft = routeTask(analysis, { ...open, budget: assessBudget(policy, spend(4_200_000)) });
    expect(soft.tier).toBe(2);
    expect(soft.reason).toMatch(/degraded to T2/);
    const hard = routeTask(analysis, { ...open, budget: assessBudget(policy, spend(5_000_000)) });
    expect(hard.tier).toBeNull();
    expect(hard.reason).toMatch(/refused: tenant daily budget/);
    expect(
      routeTask(
        { agentRole: "ops", text: "ping" },
        { ...open, budget: assessBudget(policy, spend(5_000_000)) },
      ).tier,
    ).toBe(0);
  });
});

describe("the $47-a-day health-check loop", () => {
  it("cannot spend anything: every variant of a health check is answered without a model", () => {
    const variants = ["ping", "Are you up?", "health check", "is the api up?", "status check", "uptime"];
    const tiers = new Set<number | null>();
    for (let minute = 0; minute < 1_440; minute++) tiers.add(route(variants[minute % variants.length]!).tier);
    expect([...tiers]).toEqual([0]);
  });
});

describe("single-step work and breadth", () => {
  it("answers a message made only of thanks and okays without a model", () => {
    expect(route("ok thanks, that's all").tier).toBe(0);
    expect(route("ok thanks, now draft the agenda").tier).not.toBe(0);
  });

  it("treats a short question with a tool as one lookup, but not a breakdown", () => {
    const lookup = route("Which invoices are still unpaid?", { tools: ["ledger"] });
    expect(lookup.tier).toBe(1);
    expect(lookup.features.taskType).toBe("lookup");
    expect(route("Which invoices are still unpaid?").features.taskType).not.toBe("lookup");
    expect(
      route("How much did we invoice per customer in May?", { tools: ["ledger"] }).features.taskType,
    ).not.toBe("lookup");
  });

  it("treats one record change as T1, but not a bulk change or code", () => {
    expect(route("Move the Lumen deal to closed-won", { tools: ["crm"] }).features.taskType).toBe(
      "record_update",
    );
    expect(route("Move every stale deal to closed-lost", { tools: ["crm"] }).features.taskType).not.toBe(
      "record_update",
    );
    expect(
      route("Add a retry wrapper to the webhook handler", { tools: ["github"] }).features.taskType,
    ).not.toBe("record_update");
  });

  it("counts enumerated items, with or without the serial comma", () => {
    const features = (text: string) => routeTask({ agentRole: "x", text }, open).features;
    expect(features("Weigh price, support and lock-in").breadth).toBe(3);
    expect(features("Weigh price, support, and lock-in").breadth).toBe(3);
    expect(features("Weigh the price").breadth).toBe(1);
  });

  it("sends an open-ended high-stakes assessment over much material to T4, a document review to T3", () => {
    const assess = route("Assess our liability if the supplier breach exposed customer addresses", {
      contextTokens: 10_000,
    });
    expect(assess.tier).toBe(4);
    const review = route("Review the NDA from Northwind and flag unusual clauses", { contextTokens: 10_000 });
    expect(review.tier).toBe(3);
  });
});
