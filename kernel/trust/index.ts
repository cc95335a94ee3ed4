/**
 * Trust labels and the trust rule (docs/security.md, "Untrusted content cannot steer actions"):
 * every item of a turn's context is labelled, and a call whose consequential arguments did not
 * come from trusted input needs a human while untrusted content is present.
 */
export { type ConsequentialArgument, consequentialArguments } from "./arguments";
export {
  type ContextItem,
  hasUntrustedContent,
  isTrusted,
  separateQuotedText,
  TRUSTED_LABELS,
  type TrustedLabel,
  type TrustLabel,
  UNTRUSTED_LABELS,
  type UntrustedLabel,
} from "./labels";
export {
  type ArgumentProvenance,
  explainProvenance,
  LabelledContext,
  type Origin,
  TRUST_RULE,
  type TrustVerdict,
  trustVerdict,
} from "./provenance";
export { type ArgumentKind, normaliseUrl, normaliseValue } from "./values";
