/** Whether a policy rule's `agents` list covers an agent (`*` covers every agent). */
export function appliesTo(agents: readonly string[], agentId: string): boolean {
  return agents.includes("*") || agents.includes(agentId);
}
