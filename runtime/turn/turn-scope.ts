import type { ConnectedChannel } from "../../channels/adapter";
import type { AgentDefinition } from "../../kernel/agents/schema";
import type { Clock } from "../../kernel/clock";
import type { Logger } from "../../kernel/log";

/**
 * Whom a piece of thread work is for and how it tells time and logs, bound once at the Durable
 * Object's door: the tenant, the thread, the channel it speaks on, the clock and a logger that
 * already carries the tenant and thread. Passed whole, never as positional ids, so no call can
 * swap a thread id for a tenant id.
 */
export interface ThreadScope {
  readonly tenantId: string;
  readonly threadId: string;
  readonly channel: ConnectedChannel;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Where a turn speaks: a connected channel, or an agent loop's task board (`task`). */
export interface TurnChannel {
  readonly id: string;
  readonly platform: string;
}

/** One turn's scope: a thread's, with the agent that answers bound too (and in the logger). */
export interface TurnScope {
  readonly tenantId: string;
  readonly threadId: string;
  readonly channel: TurnChannel;
  readonly agent: AgentDefinition;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The scope of the thread bound to the agent that answers this turn. */
export function turnScopeOf(
  scope: Omit<TurnScope, "agent"> | ThreadScope,
  agent: AgentDefinition,
): TurnScope {
  return { ...scope, agent, logger: scope.logger.with({ agent: agent.id }) };
}
