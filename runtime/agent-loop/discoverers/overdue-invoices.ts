/** Unpaid invoices past their due date plus the grace period. */
import { and, asc, eq, isNull, lt } from "drizzle-orm";
import { invoices } from "../../../db/schema-tasks";
import { parseDurationMs } from "../../../kernel/agents/duration";
import type { Discoverer } from "./types";

const DAY = 86_400_000;

function money(micros: number, currency: string): string {
  return `${currency} ${(micros / 1_000_000).toFixed(2)}`;
}

export const discoverOverdueInvoices: Discoverer<"overdue_invoices"> = async (source, context) => {
  const grace = parseDurationMs(source.grace) ?? 0;
  const rows = await context.db
    .select()
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, context.tenantId),
        isNull(invoices.paidAt),
        lt(invoices.dueAt, context.now - grace),
      ),
    )
    .orderBy(asc(invoices.dueAt))
    .limit(100);
  return rows.map((invoice) => {
    const days = Math.floor((context.now - invoice.dueAt) / DAY);
    return {
      source: "overdue_invoices",
      entity: `invoice:${invoice.number}`,
      key: `overdue:${invoice.number}`,
      text: `Invoice ${invoice.number} to ${invoice.client} is ${days} days overdue (${money(invoice.amountMicros, invoice.currency)} unpaid)`,
      title: `Chase ${invoice.client} for overdue invoice ${invoice.number}`,
      taskType: "overdue_invoice",
      // A month late is urgent; a few days late can wait its turn.
      priority: days >= 30 ? 1 : 2,
    };
  });
};
