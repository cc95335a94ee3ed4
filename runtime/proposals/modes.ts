/**
 * policies/proposal-modes.yaml, bundled as text and parsed once per isolate. A file that fails
 * validation stops the Worker loudly rather than running every action unattended.
 */
import { type ProposalModes, parseProposalModes } from "../../kernel/proposals";
import modesText from "../../policies/proposal-modes.yaml";

let cached: ProposalModes | undefined;

export function loadProposalModes(): ProposalModes {
  cached ??= parseProposalModes(modesText, "policies/proposal-modes.yaml");
  return cached;
}
