/**
 * A stored message's turn, made crash-safe by the thread's own alarm. Before a turn starts, the
 * thread arms a `turn.resume` schedule for its message (the message itself is the payload) and
 * counts the attempt; when the turn finishes, the schedule is cleared. A turn cut short by a
 * crash, an eviction or a deploy leaves the schedule behind, and the alarm runs the turn again
 * whether or not the queue redelivers. Every effect of a turn is keyed by the message's dedup
 * key (the reply's outbox key, tool call keys, proposal keys), so a resumed turn repeats none.
 *
 * After MAX_TURN_ATTEMPTS attempts the message is poison: the person is told once, the error is
 * audited, the message is kept in D1 `dead_letters`, and it is marked done, so the thread goes
 * on with its next message.
 */
import { type InboundMessage, InboundMessageSchema } from "../../channels/message";
import type { Database } from "../../db/client";
import { recordDeadLetter } from "../../db/queries/dead-letters";
import type { Schedules } from "../../durable-objects/schedules";
import type { IdSource } from "../../kernel/ids";
import type { AuditBuffer } from "../turn/audit-buffer";

export const TURN_TIMER = "turn.resume";
/** Attempts of one stored message's turn (the first and three resumptions) before it is poison. */
export const MAX_TURN_ATTEMPTS = 4;
/** A turn still running after this long is presumed lost and resumed (unless this instance runs it). */
export const TURN_STALL_MS = 2 * 60_000;

export interface TurnTimerPayload {
  threadId: string;
  inbound: InboundMessage;
  /** Attempts started, this one included. */
  attempts: number;
  lastError?: string;
}

export const turnTimerKey = (dedupKey: string) => `turn:${dedupKey}`;

/** Back-off before the next attempt after a failed one: 2 s, 4 s, 8 s … at most 5 minutes. */
export function turnRetryDelayMs(attempts: number): number {
  return Math.min(2 ** attempts * 1000, 5 * 60_000);
}

export function parseTurnTimer(payload: unknown): TurnTimerPayload | undefined {
  const raw = payload as Partial<TurnTimerPayload> | null;
  if (!raw || typeof raw.threadId !== "string") return undefined;
  const inbound = InboundMessageSchema.safeParse(raw.inbound);
  if (!inbound.success) return undefined;
  return {
    threadId: raw.threadId,
    inbound: inbound.data,
    attempts: typeof raw.attempts === "number" ? raw.attempts : 0,
    ...(typeof raw.lastError === "string" ? { lastError: raw.lastError } : {}),
  };
}

/**
 * Counts one more attempt of the message's turn and arms the alarm to resume it should this
 * attempt never finish. Returns the attempt's record (with `attempts` counting this one).
 */
export async function armTurn(
  timers: Schedules,
  threadId: string,
  inbound: InboundMessage,
  now: number,
): Promise<TurnTimerPayload> {
  const earlier = parseTurnTimer(timers.get(turnTimerKey(inbound.dedupKey))?.payload);
  const record: TurnTimerPayload = {
    threadId,
    inbound,
    attempts: (earlier?.attempts ?? 0) + 1,
    ...(earlier?.lastError ? { lastError: earlier.lastError } : {}),
  };
  await timers.put(turnTimerKey(inbound.dedupKey), TURN_TIMER, now + TURN_STALL_MS, record);
  return record;
}

/** Stores nothing but the schedule: the alarm starts the turn at `dueAt` (a replay). */
export async function queueTurn(timers: Schedules, threadId: string, inbound: InboundMessage, dueAt: number) {
  const record: TurnTimerPayload = { threadId, inbound, attempts: 0 };
  await timers.put(turnTimerKey(inbound.dedupKey), TURN_TIMER, dueAt, record);
}

/** Moves a running turn's resumption later without counting an attempt (this instance still runs it). */
export async function postponeTurn(timers: Schedules, record: TurnTimerPayload, now: number) {
  await timers.put(turnTimerKey(record.inbound.dedupKey), TURN_TIMER, now + TURN_STALL_MS, record);
}

/** A failed attempt: keeps the error and resumes after the back-off. */
export async function turnFailed(timers: Schedules, record: TurnTimerPayload, error: string, now: number) {
  await timers.put(
    turnTimerKey(record.inbound.dedupKey),
    TURN_TIMER,
    now + turnRetryDelayMs(record.attempts),
    {
      ...record,
      lastError: error,
    },
  );
}

export async function turnFinished(timers: Schedules, dedupKey: string) {
  await timers.cancel(turnTimerKey(dedupKey));
}

export const poisonReply = (reference: string) => `I could not process this message; reference ${reference}`;

export interface DeadLetterDeps {
  db: Database;
  ids: IdSource;
  audit: AuditBuffer;
  now: number;
  /** Tells the person; absent when the thread's channel is gone (the row is kept regardless). */
  send?: (text: string, key: string) => Promise<void>;
}

/**
 * Ends a poison message visibly: a D1 dead-letter row (its id is the reference the person is
 * given), an audit entry with the error, and one reply, keyed so a repeat sends nothing.
 */
export async function deadLetterTurn(deps: DeadLetterDeps, record: TurnTimerPayload): Promise<string> {
  const { inbound } = record;
  const error = record.lastError ?? "the turn was interrupted and never finished";
  const candidate = deps.ids.next("dl");
  const row = await recordDeadLetter(deps.db, {
    id: candidate,
    tenantId: inbound.tenantId,
    source: "thread",
    messageKey: inbound.dedupKey,
    threadId: record.threadId,
    queue: null,
    body: inbound,
    error,
    attempts: Math.min(record.attempts, MAX_TURN_ATTEMPTS),
    createdAt: deps.now,
  });
  if (row.id === candidate) {
    deps.audit.add({
      actor: "system:thread",
      action: "message.dead_lettered",
      subjectType: "dead_letter",
      subjectId: row.id,
      detail: { key: inbound.dedupKey, attempts: row.attempts, error },
    });
    await deps.audit.flush(deps.db);
  }
  await deps.send?.(poisonReply(row.id), `poison:${inbound.dedupKey}`);
  return row.id;
}
