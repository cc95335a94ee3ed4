/** Conversations whose last word is a person's and has waited longer than `older_than`. */
import { and, asc, eq, inArray, like, lt } from "drizzle-orm";
import { channels, contextThreads } from "../../../db/schema";
import { parseDurationMs } from "../../../kernel/agents/duration";
import type { Discoverer } from "./types";

export const discoverUnansweredMessages: Discoverer<"unanswered_messages"> = async (source, context) => {
  const olderThan = parseDurationMs(source.older_than) ?? 0;
  const where = [
    eq(contextThreads.tenantId, context.tenantId),
    like(contextThreads.lastSpeaker, "user:%"),
    lt(contextThreads.lastMessageAt, context.now - olderThan),
  ];
  if (source.channels?.length) where.push(inArray(channels.kind, source.channels));
  const rows = await context.db
    .select({ thread: contextThreads, kind: channels.kind })
    .from(contextThreads)
    .leftJoin(
      channels,
      and(eq(channels.id, contextThreads.channelId), eq(channels.tenantId, context.tenantId)),
    )
    .where(and(...where))
    .orderBy(asc(contextThreads.lastMessageAt))
    .limit(50);
  return rows.map(({ thread, kind }) => {
    const hours = Math.floor((context.now - thread.lastMessageAt) / 3_600_000);
    return {
      source: "unanswered_messages",
      entity: `thread:${thread.id}`,
      // A new message later is a new question: the key carries the time of the last one.
      key: `unanswered:${thread.id}@${thread.lastMessageAt}`,
      text: `${thread.title} (${kind ?? "unknown channel"}) has waited ${hours} hours for an answer`,
      title: `Answer ${thread.title}`,
      taskType: "unanswered_message",
      priority: 2,
    };
  });
};
