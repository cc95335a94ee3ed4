/**
 * `npm run cairn -- route [--json] [--max-tier N] <tasks.jsonl | ->`
 *
 * Routes each task with the same kernel code the Worker uses and prints one line per task: with
 * --json a JSON object {id, tier, task_type, handler?, reason, features, estimated_cost_micros},
 * otherwise a readable line. Bad lines are reported on stderr by line and field; the exit code
 * is then 1.
 */
import { readFileSync } from "node:fs";
import { approximateTokens, estimateCallCostMicros } from "../../kernel/routing/cost";
import { DEFAULT_TIER_TABLE } from "../../kernel/routing/default-tiers";
import { routeTask } from "../../kernel/routing/router";
import { parseTaskLines } from "../../kernel/routing/task-lines";
import { isTier, type ModelTier, type Tier } from "../../kernel/routing/types";

export const summary = "route tasks from a JSON-lines file to tiers and explain why";

export const usage = "usage: npm run cairn -- route [--json] [--max-tier 0-4] <tasks.jsonl | ->";

interface RouteArgs {
  json: boolean;
  maxTier: Tier;
  file: string;
}

function parseArgs(args: string[]): RouteArgs | string {
  let json = false;
  let maxTier: Tier = 4;
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--max-tier") {
      const value = Number(args[++i]);
      if (!isTier(value)) return `--max-tier must be 0, 1, 2, 3 or 4 (got ${args[i] ?? "nothing"})`;
      maxTier = value;
    } else if (arg?.startsWith("--")) return `unknown option ${arg}`;
    else if (file === undefined && arg !== undefined) file = arg;
    else return `unexpected argument ${arg}`;
  }
  if (!file) return "missing the tasks file";
  return { json, maxTier, file };
}

/** Worst-case price of the chosen tier's preferred model, so a reader sees what a choice costs. */
function estimateFor(tier: Tier | null, text: string, contextTokens: number | undefined): number {
  if (tier === null || tier === 0) return 0;
  const entry = DEFAULT_TIER_TABLE[tier as ModelTier];
  const route = entry.routes[0];
  if (!route) return 0;
  return estimateCallCostMicros(
    route.price,
    approximateTokens(text) + (contextTokens ?? 0),
    entry.maxOutputTokens,
  );
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    console.error(`cairn route: ${parsed}\n${usage}`);
    return 2;
  }
  let input: string;
  try {
    input = readFileSync(parsed.file === "-" ? 0 : parsed.file, "utf8");
  } catch (error) {
    console.error(`cairn route: cannot read ${parsed.file}: ${(error as Error).message}`);
    return 2;
  }
  const { tasks, problems, warnings } = parseTaskLines(input);
  for (const warning of warnings) console.error(`cairn route: ${warning}`);
  for (const task of tasks) {
    const decision = routeTask(task, { limits: { maxTier: parsed.maxTier } });
    const { features } = decision;
    if (parsed.json) {
      console.log(
        JSON.stringify({
          id: task.id,
          tier: decision.tier,
          task_type: features.taskType,
          ...(features.handler ? { handler: features.handler } : {}),
          reason: decision.reason,
          features: {
            agent_role: features.agentRole,
            tools: features.tools,
            context_tokens: features.contextTokens,
            reasoning: features.reasoning,
            high_stakes: features.highStakes,
            brief_output: features.briefOutput,
            cues: features.cues,
          },
          estimated_cost_micros: estimateFor(decision.tier, task.text, task.contextTokens),
        }),
      );
    } else {
      console.log(`${task.id}\tT${decision.tier ?? "-"}\t${features.taskType}\t${decision.reason}`);
    }
  }
  for (const problem of problems) console.error(`cairn route: ${problem.message}`);
  return problems.length > 0 ? 1 : 0;
}
