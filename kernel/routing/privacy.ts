/**
 * The privacy routing rule: a request flagged as containing personal data goes only to providers
 * marked `private: true` (self-hosted, or under a data-processing agreement), or — when the tenant
 * chose "redact" — to other providers only after redaction. The detector that sets the flag is
 * not part of routing; this rule only acts on it.
 */

/** "private-only": never send personal data elsewhere. "redact": redact first for non-private providers. */
export type PersonalDataMode = "private-only" | "redact";

export interface PrivacyCandidate {
  provider: string;
}

export interface PrivacyPlanEntry<T extends PrivacyCandidate> {
  candidate: T;
  /** The request must be redacted before this candidate sees it. */
  redact: boolean;
}

export type PrivacyPlan<T extends PrivacyCandidate> =
  | { allowed: true; entries: PrivacyPlanEntry<T>[]; reason: string }
  | { allowed: false; entries: []; reason: string };

/**
 * Filters and annotates candidates, keeping their order (the tier table's preference).
 *
 * @example
 * planForPersonalData(routes, true, "private-only", { "local-vllm": true })
 * // → only routes whose provider is marked private
 */
export function planForPersonalData<T extends PrivacyCandidate>(
  candidates: readonly T[],
  containsPersonalData: boolean,
  mode: PersonalDataMode,
  privateProviders: Readonly<Record<string, boolean>>,
): PrivacyPlan<T> {
  if (!containsPersonalData) {
    return {
      allowed: true,
      entries: candidates.map((candidate) => ({ candidate, redact: false })),
      reason: "no personal data",
    };
  }
  const isPrivate = (candidate: T) => privateProviders[candidate.provider] === true;
  if (mode === "private-only") {
    const entries = candidates.filter(isPrivate).map((candidate) => ({ candidate, redact: false }));
    if (entries.length === 0) {
      return {
        allowed: false,
        entries: [],
        reason: "personal data may only go to private providers, and none serves this tier",
      };
    }
    return { allowed: true, entries, reason: "personal data: private providers only" };
  }
  const entries = candidates.map((candidate) => ({ candidate, redact: !isPrivate(candidate) }));
  if (entries.length === 0) return { allowed: false, entries: [], reason: "no provider serves this tier" };
  return { allowed: true, entries, reason: "personal data: redacted before any non-private provider" };
}
