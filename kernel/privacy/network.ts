/**
 * Network identifiers of a person's device: IPv4 and IPv6 addresses, and MAC addresses.
 * A dotted quad after "version", "v" or "build" is a version number, not an address.
 */
import { cueBefore } from "./context";
import { Confidence, candidate, type PiiCandidate } from "./types";

const ipv4Shape = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;
const versionCue = /(?:\bv|version|release|build|firmware|update|upgrade|versión|ver\.)\s*$/i;

const ipv6Shape = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])/g;

const macShape = /(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])/g;
const macDotted = /(?<![\w.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![\w.])/g;

// Cheap tests over the whole text first: most messages hold no address, and the full patterns
// (with look-arounds at every position) cost more than the rest of the detector together.
const mayHoldIpv4 = /\d\.\d{1,3}\.\d/;
const mayHoldIpv6 = /[0-9A-Fa-f]?:[0-9A-Fa-f]{0,4}:/;
const mayHoldMac = /[:-][0-9A-Fa-f]{2}[:-]|\.[0-9A-Fa-f]{4}\./;
/** The two halves of mayHoldMac, each a necessary part of one pattern (the dotted one is rare). */
const macPatterns = [
  { mayHold: /[:-][0-9A-Fa-f]{2}[:-]/, pattern: macShape },
  { mayHold: /\.[0-9A-Fa-f]{4}\./, pattern: macDotted },
];

export function findIpAddresses(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (mayHoldIpv4.test(text)) findIpv4(text, found);
  if (mayHoldIpv6.test(text)) findIpv6(text, found);
  return found;
}

function findIpv4(text: string, found: PiiCandidate[]): void {
  for (const match of text.matchAll(ipv4Shape)) {
    const octets = match[0].split(".").map(Number);
    if (
      octets.some(
        (octet, i) =>
          octet > 255 || (match[0].split(".")[i]!.length > 1 && match[0].split(".")[i]!.startsWith("0")),
      )
    )
      continue;
    if (cueBefore(text, match.index, versionCue, 12)) continue;
    found.push(candidate("IP_ADDRESS", text, match.index, match.index + match[0].length, Confidence.strong));
  }
}

function findIpv6(text: string, found: PiiCandidate[]): void {
  for (const match of text.matchAll(ipv6Shape)) {
    if (isIpv6(match[0])) {
      found.push(
        candidate("IP_ADDRESS", text, match.index, match.index + match[0].length, Confidence.strong),
      );
    }
  }
}

/** Eight groups, or fewer with exactly one "::"; each group 1–4 hex digits. */
export function isIpv6(value: string): boolean {
  const halves = value.split("::");
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === "" ? [] : half.split(":")));
  if (groups.some((group) => !/^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  if (halves.length === 2) return groups.length <= 7 && (groups.length >= 2 || value.length > 3);
  // Without "::", eight groups; six colon-pairs of two digits is a MAC address instead.
  return groups.length === 8;
}

export function findMacAddresses(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (!mayHoldMac.test(text)) return found;
  for (const { mayHold, pattern } of macPatterns) {
    if (!mayHold.test(text)) continue;
    for (const match of text.matchAll(pattern)) {
      found.push(
        candidate("MAC_ADDRESS", text, match.index, match.index + match[0].length, Confidence.proven),
      );
    }
  }
  return found;
}
