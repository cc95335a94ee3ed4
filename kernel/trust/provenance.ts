/**
 * The trust rule: when untrusted content is in a turn's context, a call the policy would let run
 * needs a human unless each of its consequential arguments came from trusted input. For every
 * argument it says where its value was found — trusted input, only untrusted input, or nowhere
 * (the model wrote it, which counts as untrusted while untrusted content is present) — so the
 * person approving sees which argument came from where. Pure: no I/O, the same answer everywhere.
 */
import type { Decision } from "../policy/types";
import type { ConsequentialArgument } from "./arguments";
import { type ContextItem, hasUntrustedContent, isTrusted, separateQuotedText } from "./labels";
import { indexText, type TextIndex, textHolds } from "./values";

export type Origin = "trusted" | "untrusted" | "nowhere";

export interface ArgumentProvenance {
  argument: ConsequentialArgument;
  origin: Origin;
  /** The trusted items that hold the value. */
  trustedSources: string[];
  /** The untrusted items that hold the value. */
  untrustedSources: string[];
}

export interface TrustVerdict {
  /** True when a human must approve the call because of where its arguments came from. */
  escalated: boolean;
  /** The decision to act on: the policy's, or `ask` (rule `trust.untrusted-arguments`) when escalated. */
  decision: Decision;
  untrustedPresent: boolean;
  provenance: ArgumentProvenance[];
  /** One sentence per argument: "recipient evil@x.example came from the email from bob@…". */
  explanation: string;
}

export const TRUST_RULE = "trust.untrusted-arguments";

interface Indexed {
  item: ContextItem;
  index: TextIndex;
}

/** Prepared once per turn state: the items split at quoted text and indexed for matching. */
export class LabelledContext {
  private readonly indexed: Indexed[];
  readonly untrustedPresent: boolean;

  constructor(items: readonly ContextItem[]) {
    const separated = separateQuotedText(items);
    this.indexed = separated.map((item) => ({ item, index: indexText(item.text) }));
    this.untrustedPresent = hasUntrustedContent(separated);
  }

  provenanceOf(argument: ConsequentialArgument): ArgumentProvenance {
    const trustedSources: string[] = [];
    const untrustedSources: string[] = [];
    for (const { item, index } of this.indexed) {
      if (!indexHolds(index, argument)) continue;
      const list = isTrusted(item.label) ? trustedSources : untrustedSources;
      if (!list.includes(item.source)) list.push(item.source);
    }
    const origin: Origin = trustedSources.length
      ? "trusted"
      : untrustedSources.length
        ? "untrusted"
        : "nowhere";
    return { argument, origin, trustedSources, untrustedSources };
  }
}

function indexHolds(index: TextIndex, argument: ConsequentialArgument): boolean {
  return textHolds(index, argument.kind, argument.value);
}

const clip = (value: string) => (value.length > 80 ? `${value.slice(0, 77)}…` : value);

export function explainProvenance(entry: ArgumentProvenance): string {
  const { argument } = entry;
  const what = `${argument.kind === argument.name ? argument.kind : `${argument.kind} (${argument.name})`} ${clip(argument.value)}`;
  switch (entry.origin) {
    case "trusted":
      return `${what} came from ${entry.trustedSources.join(" and ")}`;
    case "untrusted":
      return `${what} came from ${entry.untrustedSources.join(" and ")}, not from anyone trusted`;
    case "nowhere":
      return `${what} appears in no input: the model wrote it`;
  }
}

/**
 * @example trustVerdict({ decision: allow, arguments: [{ kind: "recipient", name: "to",
 *   value: "evil@x.example" }], context: new LabelledContext(items) })
 *   → { escalated: true, decision: { effect: "ask", rule: "trust.untrusted-arguments", … } }
 *
 * Deny stays deny. An `ask` stays `ask` but is marked escalated, so that a proposal mode that
 * would run it on a hold or an undo window without anyone approving (send_email's undo-send
 * outbox) is raised to `require_approval`. With no untrusted content, or no consequential
 * argument (a reply in the same conversation, a task update), nothing changes.
 */
export function trustVerdict(args: {
  decision: Decision;
  arguments: readonly ConsequentialArgument[];
  context: LabelledContext;
}): TrustVerdict {
  const { decision, context } = args;
  const provenance = args.arguments.map((argument) => context.provenanceOf(argument));
  const explanation = provenance.map(explainProvenance).join("; ");
  const unchanged: TrustVerdict = {
    escalated: false,
    decision,
    untrustedPresent: context.untrustedPresent,
    provenance,
    explanation,
  };
  if (decision.effect === "deny" || !context.untrustedPresent) return unchanged;
  if (provenance.every((entry) => entry.origin === "trusted")) return unchanged;
  const reason = `untrusted content is in the context and not every argument came from trusted input: ${explanation}`;
  return {
    ...unchanged,
    escalated: true,
    decision: {
      ...decision,
      effect: "ask",
      rule: TRUST_RULE,
      reason: decision.effect === "ask" ? `${decision.reason}; and ${reason}` : reason,
    },
  };
}
