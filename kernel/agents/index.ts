/** Agent definitions: the schema, the YAML loader and schedules. See docs/agents.md. */
export { durationMs, parseDurationMs } from "./duration";
export {
  AgentDefinitionError,
  type AgentDefinitionProblem,
  parseAgentDefinition,
  validateAgentDefinition,
} from "./load";
export {
  type CycleDecision,
  cycleIdFor,
  type DueCycle,
  decideCycle,
  latestSlotAtOrBefore,
  nextRunAt,
} from "./schedule";
export {
  type AgentDefinition,
  type AgentModelTier as ModelTier,
  agentDefinitionSchema,
  type CronSchedule,
  type DiscoverySource,
  type IntervalSchedule,
  modelTiers,
  type PolicyOverlay,
  type Schedule,
} from "./schema";
