/**
 * The proposal state machine. A proposal is classified while it is a draft, then waits for a
 * human (pending) or is approved by its mode; it executes at most once and, while its rollback
 * window is open, can be undone once.
 *
 *   draft → pending → approved | rejected | expired | cancelled
 *   draft → approved (auto modes) | rejected (forbid)
 *   approved → executing → executed | failed;  approved → cancelled (a held send, undone in time)
 *   executed → rolling_back → rolled_back | rollback_failed
 */
export const PROPOSAL_STATUSES = [
  "draft",
  "pending",
  "approved",
  "rejected",
  "expired",
  "cancelled",
  "executing",
  "executed",
  "failed",
  "rolling_back",
  "rolled_back",
  "rollback_failed",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

const TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  draft: ["pending", "approved", "rejected"],
  pending: ["approved", "rejected", "expired", "cancelled"],
  approved: ["executing", "cancelled"],
  rejected: [],
  expired: [],
  cancelled: [],
  executing: ["executed", "failed"],
  executed: ["rolling_back"],
  failed: [],
  rolling_back: ["rolled_back", "rollback_failed"],
  rolled_back: [],
  rollback_failed: [],
};

/** The statuses from which `to` may be reached. */
export function sourcesOf(to: ProposalStatus): ProposalStatus[] {
  return PROPOSAL_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Nothing more will ever happen to a proposal in one of these. */
export function isFinal(status: ProposalStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
