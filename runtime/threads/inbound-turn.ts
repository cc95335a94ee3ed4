/**
 * The turn of one stored inbound message, as its ContextThread runs it (and resumes it from its
 * alarm): the thread's D1 row touched, then the message screened (sender gate, model-free chat
 * commands), or a button pressed, or a reaction read, or the agent's answer; finally who spoke
 * last, for the unanswered-messages discoverer, and the audit flushed.
 */
import type { InboundMessage } from "../../channels/message";
import type { Database } from "../../db/client";
import { recordThreadSpeaker } from "../../db/queries/thread-speakers";
import { touchThread } from "../../db/queries/threads";
import type { ThreadMemoryStore } from "../../durable-objects/context-thread/thread-memory-store";
import type { ThreadStore } from "../../durable-objects/context-thread/thread-store";
import type { IdSource } from "../../kernel/ids";
import { screenInbound } from "../channels/chat-commands";
import { actOnReaction } from "../proposals/reactions";
import type { AuditBuffer } from "../turn/audit-buffer";
import type { ThreadScope } from "../turn/turn-scope";
import { describeThread } from "./thread-chat";
import type { ThreadHost, TurnOutcome } from "./thread-host";
import { threadSnapshot } from "./thread-operations";

export interface InboundTurnDeps {
  env: Env;
  db: Database;
  host: ThreadHost;
  ids: IdSource;
  store: ThreadStore;
  memory: ThreadMemoryStore;
  /** The thread's own follow-up after a chat command decided a proposal. */
  proposalDecided(proposalId: string): Promise<unknown>;
}

export async function runInboundTurn(
  deps: InboundTurnDeps,
  scope: ThreadScope,
  inbound: InboundMessage,
  audit: AuditBuffer,
): Promise<TurnOutcome> {
  const { db, host } = deps;
  const { tenantId, threadId, channel } = scope;
  await touchThread(db, {
    id: threadId,
    tenantId,
    channelId: inbound.channelId,
    kind: "conversation",
    externalRef: inbound.threadKey
      ? `${inbound.conversationId}/${inbound.threadKey}`
      : inbound.conversationId,
    title: `${inbound.platform} chat ${inbound.conversationId}`,
    at: inbound.receivedAt,
  });

  let result: TurnOutcome;
  const screened = inbound.callback
    ? null
    : await screenInbound(
        {
          env: deps.env,
          db,
          audit,
          ids: deps.ids,
          now: scope.clock.now(),
          send: (payload, key) => host.send(scope, payload, key),
          proposalDecided: deps.proposalDecided,
          describeThread: async () =>
            describeThread(db, tenantId, threadId, threadSnapshot(deps.store, deps.memory, threadId)),
        },
        inbound,
        channel,
      );
  if (inbound.callback) {
    result = await host.pressButton(scope, inbound, audit);
  } else if (inbound.reaction) {
    // Decides a proposal when it is an approver's yes/no on its card; otherwise only recorded.
    await actOnReaction(host.proposalRuntime(scope), inbound, channel.config, audit);
    result = { duplicate: false };
  } else if (screened) {
    result = screened;
  } else if (inbound.sender.isBot || inbound.text.trim() === "") {
    result = { duplicate: false };
  } else {
    result = await host.runTurn(scope, inbound, audit);
  }
  // The last word, for the agent loop's unanswered-messages discoverer (db/queries/thread-speakers.ts).
  // A button press or a reaction is not a message that waits for an answer.
  if (!inbound.callback && !inbound.reaction && !inbound.sender.isBot) {
    const speaker = result.reply ? `agent:${channel.agentId}` : `user:${inbound.sender.id}`;
    await recordThreadSpeaker(db, tenantId, threadId, speaker);
  }
  await audit.flush(db);
  return result;
}
