import { describe, expect, it } from "vitest";
import { dedupFinding, dedupTask } from "../../../kernel/dedup/index";
import { freshContext, minutes } from "./helpers";

const agents = [
  "finance",
  "crm",
  "development",
  "marketing",
  "safety",
  "business-intelligence",
  "sales",
  "operations",
];
const invoices = ["INV-1042", "INV-1043", "INV-1077", "INV-1101", "INV-1150"];
const clients = ["Mrs Okafor", "the Hendersons", "Dev Patel", "Mei Chen", "Luc Dubois"];
const wordings = [
  (invoice: string, client: string) => `Chase ${client} for payment of invoice ${invoice}`,
  (invoice: string, client: string) => `Invoice ${invoice} (${client}) is overdue, send a reminder`,
  (invoice: string, client: string) => `Remind ${client} that ${invoice} hasn't been paid yet`,
];

describe("agents working as a team", () => {
  it("eight agents over fifty cycles file one task per piece of work", async () => {
    const context = freshContext();
    const created: string[] = [];
    let findingsReported = 0;
    for (let cycle = 0; cycle < 50; cycle++) {
      for (const [agentIndex, agent] of agents.entries()) {
        // Each agent sees every overdue invoice each cycle and words its task its own way. Without the
        // key, wording alone merges most but not all of these (see bench/results/dedup.md).
        for (const [index, invoice] of invoices.entries()) {
          const at = minutes(cycle * 15 + agentIndex);
          const finding = await dedupFinding(context, {
            tenant: "acme",
            id: `${agent}-${cycle}-${invoice}-finding`,
            source: "overdue_invoices",
            entity: `invoice:${invoice}`,
            key: `overdue:${invoice}`,
            text: `Invoice ${invoice} is ${3 + Math.floor(cycle / 4)} days overdue`,
            at,
          });
          if (!finding.duplicate) findingsReported++;
          const task = await dedupTask(context, {
            tenant: "acme",
            id: `${agent}-${cycle}-${invoice}`,
            text: wordings[(cycle + agentIndex) % wordings.length]!(invoice, clients[index]!),
            // The loop carries the finding's key into the task; half the agents also attach the entity.
            key: `overdue:${invoice}`,
            ...(agentIndex % 2 === 0 ? { entity: `invoice:${invoice}` } : {}),
            at,
          });
          if (!task.duplicate) created.push(`${agent}-${cycle}-${invoice}: ${task.reason}`);
        }
      }
    }
    expect(created, created.join("\n")).toHaveLength(invoices.length);
    // 50 cycles of 15 minutes is 12.5 hours: inside one 24h discovery window.
    expect(findingsReported).toBe(invoices.length);
  });
});
