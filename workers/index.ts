/** The Worker entry point: HTTP, the two queues and their dead-letter queue, and the cron sweep. */
import { AgentLoop } from "../durable-objects/agent-loop";
import { ContextThread } from "../durable-objects/context-thread/context-thread";
import { IngressLimiter } from "../durable-objects/ingress-limiter";
import { Tenant } from "../durable-objects/tenant";
import { configureLogging } from "../kernel/log";
import { app } from "./app";
import { handleDeadLetterBatch } from "./queues/dead-letter";
import { handleInboundBatch } from "./queues/inbound";
import { handleOutboundBatch } from "./queues/outbound";
import { runScheduledSweep } from "./scheduled";

export { AgentLoop, ContextThread, IngressLimiter, Tenant };

export default {
  fetch(request, env, ctx) {
    configureLogging(env);
    return app.fetch(request, env, ctx);
  },
  async queue(batch, env) {
    configureLogging(env);
    if (batch.queue.startsWith("cairn-inbound")) await handleInboundBatch(batch, env);
    else if (batch.queue.startsWith("cairn-outbound")) await handleOutboundBatch(batch, env);
    else if (batch.queue.startsWith("cairn-dead-letter")) await handleDeadLetterBatch(batch, env);
    else throw new Error(`no consumer for queue ${batch.queue}`);
  },
  async scheduled(controller, env) {
    configureLogging(env);
    await runScheduledSweep(env, controller.scheduledTime);
  },
} satisfies ExportedHandler<Env>;
