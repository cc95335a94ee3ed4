/**
 * Host classification for the network policy. A wildcard rule ("*", "*.example.com") only
 * ever matches ordinary DNS names; addresses that reach the sandbox's own machine, the cloud
 * metadata service or a private network, and names that only look like a trusted one, need a
 * rule naming them exactly. Canonical forms come from the WHATWG URL parser — the same parser
 * fetch() uses — so `http://2130706433/`, `http://0x7f.1/` and `http://0177.0.0.1/` all
 * arrive here as `127.0.0.1`.
 */

const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const metadataHosts = new Set([
  "169.254.169.254",
  "169.254.170.2",
  "100.100.100.200",
  "[fd00:ec2::254]",
  "metadata",
  "metadata.google.internal",
  "metadata.goog",
  "instance-data",
  "instance-data.ec2.internal",
]);
const internalSuffixes = [
  ".localhost",
  ".local",
  ".internal",
  ".localdomain",
  ".home.arpa",
  ".lan",
  ".intranet",
];

/** Lower-case, trailing dot removed, Unicode → punycode, IP forms canonical. */
export function canonicalHost(host: string): string {
  const trimmed = host.toLowerCase().replace(/\.$/, "");
  if (trimmed === "" || trimmed === "*") return trimmed;
  try {
    return new URL(`http://${trimmed}/`).hostname.replace(/\.$/, "");
  } catch {
    return trimmed;
  }
}

/** Canonicalises a rule's host pattern, keeping its "*." or "*" wildcard. */
export function canonicalHostPattern(pattern: string): string {
  if (pattern === "*") return "*";
  if (pattern.startsWith("*.")) return `*.${canonicalHost(pattern.slice(2))}`;
  return canonicalHost(pattern);
}

function ipv4Reason(host: string): string {
  const [a = 0, b = 0] = host.split(".").map(Number);
  if (a === 127) return "a loopback address";
  if (a === 169 && b === 254) return "a link-local address";
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return "a private address";
  if (a === 100 && b >= 64 && b <= 127) return "a carrier-grade NAT address";
  if (a === 0) return "an unspecified address";
  return "an IP literal";
}

function ipv6Reason(host: string): string {
  const inner = host.slice(1, -1);
  if (inner === "::1") return "a loopback address";
  if (inner === "::") return "an unspecified address";
  if (inner.startsWith("::ffff:")) return "an IPv4-mapped IPv6 address";
  if (/^fe[89ab]/.test(inner)) return "a link-local address";
  if (/^f[cd]/.test(inner)) return "a private (unique-local) address";
  return "an IPv6 literal";
}

/**
 * Why a canonical host needs an exact rule, or undefined for an ordinary public DNS name.
 *
 * @example specialHostReason("127.0.0.1") // "a loopback address"
 */
export function specialHostReason(host: string): string | undefined {
  if (metadataHosts.has(host)) return "a cloud metadata address";
  if (ipv4.test(host)) return ipv4Reason(host);
  if (host.startsWith("[")) return ipv6Reason(host);
  if (host === "localhost" || internalSuffixes.some((suffix) => host.endsWith(suffix))) {
    return "a local or internal name";
  }
  if (!host.includes(".")) return "a single-label (intranet) name";
  if (host.split(".").some((labelText) => labelText.startsWith("xn--"))) {
    return "an internationalised (punycode) name that may imitate another";
  }
  if (!/^[a-z0-9.-]+$/.test(host)) return "a name with unusual characters";
  return undefined;
}

/** Does a canonical host match a canonical rule pattern? Special hosts only match exactly. */
export function hostMatches(pattern: string, host: string, special: boolean): boolean {
  if (pattern === host) return true;
  if (special) return false;
  if (pattern === "*") return true;
  return pattern.startsWith("*.") && host.endsWith(pattern.slice(1));
}
