/**
 * Things of one entity kind coming due within `within`: open tasks about that kind of entity
 * (a certificate, a supplier bill) and, for "invoice", unpaid invoices.
 */
import { and, asc, eq, gte, inArray, isNull, like, lte } from "drizzle-orm";
import { OPEN_TASK_STATUSES } from "../../../db/queries/tasks";
import { tasks } from "../../../db/schema";
import { invoices } from "../../../db/schema-tasks";
import { parseDurationMs } from "../../../kernel/agents/duration";
import type { DiscoveredWork, Discoverer } from "./types";

export const discoverDueDates: Discoverer<"due_dates"> = async (source, context) => {
  const horizon = context.now + (parseDurationMs(source.within) ?? 0);
  const when = (at: number) => new Date(at).toISOString().slice(0, 10);
  const work: DiscoveredWork[] = [];
  const dueTasks = await context.db
    .select()
    .from(tasks)
    .where(
      and(
        eq(tasks.tenantId, context.tenantId),
        inArray(tasks.status, [...OPEN_TASK_STATUSES]),
        like(tasks.entity, `${source.entity}:%`),
        gte(tasks.dueAt, context.now),
        lte(tasks.dueAt, horizon),
      ),
    )
    .orderBy(asc(tasks.dueAt))
    .limit(50);
  for (const task of dueTasks) {
    work.push({
      source: `due_dates:${source.entity}`,
      entity: task.entity ?? undefined,
      key: `due:${task.id}`,
      text: `${task.entity} is due on ${when(task.dueAt ?? 0)}: ${task.title}`,
      title: `Due ${when(task.dueAt ?? 0)}: ${task.title}`,
      taskType: "due_date",
      priority: 2,
      dueAt: task.dueAt ?? undefined,
      parentId: task.id,
    });
  }
  if (source.entity === "invoice") {
    const dueInvoices = await context.db
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, context.tenantId),
          isNull(invoices.paidAt),
          gte(invoices.dueAt, context.now),
          lte(invoices.dueAt, horizon),
        ),
      )
      .limit(50);
    for (const invoice of dueInvoices) {
      work.push({
        source: "due_dates:invoice",
        entity: `invoice:${invoice.number}`,
        key: `due:invoice:${invoice.number}`,
        text: `Invoice ${invoice.number} to ${invoice.client} falls due on ${when(invoice.dueAt)}`,
        title: `Remind ${invoice.client} that invoice ${invoice.number} falls due ${when(invoice.dueAt)}`,
        taskType: "due_date",
        priority: 3,
        dueAt: invoice.dueAt,
      });
    }
  }
  return work;
};
