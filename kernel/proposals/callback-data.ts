/**
 * Button payloads for proposal cards: `p:<proposalId>:<verb>`. Telegram caps callback_data at
 * 64 bytes and Slack's action value is shared with the same parser, so the format is short and
 * the length is checked when a card is built, not discovered when a press fails.
 */
export const CALLBACK_DATA_LIMIT = 64;

export const PROPOSAL_VERBS = {
  a: "approve",
  r: "reject",
  u: "rollback",
  c: "cancel",
} as const;
export type ProposalVerbCode = keyof typeof PROPOSAL_VERBS;
export type ProposalVerb = (typeof PROPOSAL_VERBS)[ProposalVerbCode];

const PATTERN = /^p:(prop_[a-z0-9_]+):([aruc])$/;

export function proposalCallbackData(proposalId: string, verb: ProposalVerb): string {
  const code = (Object.keys(PROPOSAL_VERBS) as ProposalVerbCode[]).find((c) => PROPOSAL_VERBS[c] === verb);
  const data = `p:${proposalId}:${code}`;
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_LIMIT)
    throw new Error(`callback data for ${proposalId} exceeds ${CALLBACK_DATA_LIMIT} bytes`);
  return data;
}

export function parseProposalCallback(data: string): { proposalId: string; verb: ProposalVerb } | null {
  const match = PATTERN.exec(data);
  if (!match?.[1] || !match[2]) return null;
  return { proposalId: match[1], verb: PROPOSAL_VERBS[match[2] as ProposalVerbCode] };
}
