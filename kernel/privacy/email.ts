import { Confidence, candidate, type PiiCandidate } from "./types";

/** Local part, @, a domain with at least one dot and a top-level domain of letters. */
const emailPattern =
  /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

/** RFC 2606 names are placeholders in documentation, not anyone's address. */
const reservedDomain = /@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

export function findEmails(text: string): PiiCandidate[] {
  const found: PiiCandidate[] = [];
  if (!text.includes("@")) return found;
  for (const match of text.matchAll(emailPattern)) {
    let value = match[0];
    // A sentence-ending dot is not part of the address.
    while (value.endsWith(".")) value = value.slice(0, -1);
    if (reservedDomain.test(value)) continue;
    found.push(candidate("EMAIL", text, match.index, match.index + value.length, Confidence.proven));
  }
  return found;
}
