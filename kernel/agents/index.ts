/** Agent definitions: the schema, the YAML loader and schedules. See docs/agents.md. */
export { durationMs, parseDurationMs } from "./duration.js";
export {
  AgentDefinitionError,
  type AgentDefinitionProblem,
  parseAgentDefinition,
  validateAgentDefinition,
} from "./load.js";
export {
  type CycleDecision,
  cycleIdFor,
  type DueCycle,
  decideCycle,
  latestSlotAtOrBefore,
  nextRunAt,
} from "./schedule.js";
export {
  type AgentDefinition,
  agentDefinitionSchema,
  type CronSchedule,
  type DiscoverySource,
  type IntervalSchedule,
  type ModelTier,
  modelTiers,
  type PolicyOverlay,
  type Schedule,
} from "./schema.js";
