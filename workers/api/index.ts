/**
 * The admin API. Every handler reads `tenantId` from the authenticated token and passes it to
 * a tenant-scoped query: no route takes a tenant id from the caller. One file per resource.
 */
import { agentLoopRoutes } from "./agent-loops";
import { approverRoutes } from "./approvers";
import { bearerAuth } from "./bearer-auth";
import { channelRoutes } from "./channels";
import { deadLetterRoutes } from "./dead-letters";
import { agentRoutes, auditRoutes, loopRoutes } from "./directory";
import { knowledgeRoutes } from "./knowledge";
import { mcpServerRoutes } from "./mcp-servers";
import { memberRoutes } from "./members";
import { policyRoutes } from "./policies";
import { proposalRoutes } from "./proposals";
import { apiRouter } from "./request";
import { routingSettingsRoutes } from "./routing-settings";
import { statusRoutes } from "./status";
import { taskRoutes } from "./tasks";
import { threadRoutes } from "./threads";
import { usageRoutes } from "./usage";

export const adminApi = apiRouter()
  .use(bearerAuth())
  .route("/agents", agentRoutes)
  .route("/agents", agentLoopRoutes)
  .route("/threads", threadRoutes)
  .route("/knowledge", knowledgeRoutes)
  .route("/tasks", taskRoutes)
  .route("/proposals", proposalRoutes)
  .route("/approvers", approverRoutes)
  .route("/members", memberRoutes)
  .route("/channels", channelRoutes)
  .route("/policies", policyRoutes)
  .route("/mcp-servers", mcpServerRoutes)
  .route("/settings/routing", routingSettingsRoutes)
  .route("/audit", auditRoutes)
  .route("/loops", loopRoutes)
  .route("/dead-letters", deadLetterRoutes)
  .route("/status", statusRoutes)
  .route("/usage", usageRoutes);
