/** The discoverers by source kind: adding a kind to kernel/agents/schema.ts means adding one here. */
import type { DiscoverySource } from "../../../kernel/agents/schema";
import { discoverDueDates } from "./due-dates";
import { discoverHttpFeed } from "./http-feed";
import { discoverOverdueInvoices } from "./overdue-invoices";
import { discoverStaleTasks } from "./stale-tasks";
import type { DiscoveredWork, DiscoveryContext } from "./types";
import { discoverUnansweredMessages } from "./unanswered-messages";

export type { DiscoveredWork, DiscoveryContext } from "./types";

export async function discover(
  source: DiscoverySource,
  context: DiscoveryContext,
): Promise<DiscoveredWork[]> {
  switch (source.kind) {
    case "overdue_invoices":
      return discoverOverdueInvoices(source, context);
    case "stale_tasks":
      return discoverStaleTasks(source, context);
    case "unanswered_messages":
      return discoverUnansweredMessages(source, context);
    case "due_dates":
      return discoverDueDates(source, context);
    case "http":
      return discoverHttpFeed(source, context);
  }
}
