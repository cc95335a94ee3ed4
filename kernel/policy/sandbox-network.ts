/**
 * The network a sandbox may reach, from the agent's network policy. The kernel checks every
 * URL a command names, but a program the policy allows (`python3 report.py`, `npm test`) runs
 * code the kernel never sees; the sandbox's own egress filter is the boundary there, and it is
 * built from the same rules: the hosts of the agent's `network.allow` grants, nothing else.
 *
 * Sandboxes filter by host only (E2B) or by origin and path prefix with one method list
 * (just-bash), so anything finer in the policy is resolved towards less access: a host a block
 * or ask rule touches is left out altogether, `ask` grants give nothing (code cannot wait for a
 * human), and the E2B control plane is never a destination for the agent's code.
 *
 * @example
 * sandboxNetworkFor(policy, "dev")
 * // { hosts: ["api.github.com", "registry.npmjs.org"], anyHost: false, urlPrefixes: [...], methods: ["GET", "HEAD"], omitted: [] }
 */
import { appliesTo } from "./applies-to";
import { canonicalHostPattern } from "./hosts";
import type { Policy } from "./schema";

export interface SandboxNetwork {
  /** Exact DNS names and `*.example.com` patterns code in the sandbox may connect to. */
  hosts: string[];
  /** A grant names `*` (any ordinary DNS name): the sandbox gets the internet minus private ranges. */
  anyHost: boolean;
  /** Origins with optional path prefixes, for filters that understand URLs (just-bash). */
  urlPrefixes: string[];
  /** Methods every included grant allows (one list applies to all of `urlPrefixes`). */
  methods: string[];
  /** Hosts of grants left out, each with the reason, for the decision record and logs. */
  omitted: { host: string; reason: string }[];
}

/** Hosts that are Cairn's own way to reach E2B, not places the agent's code should go. */
const controlPlane = /(?:^|\.)e2b\.app$/;

/** Whether two canonical host patterns can match one same host. */
export function hostPatternsOverlap(a: string, b: string): boolean {
  if (a === "*" || b === "*" || a === b) return true;
  const suffix = (pattern: string) => (pattern.startsWith("*.") ? pattern.slice(1) : undefined);
  const [sa, sb] = [suffix(a), suffix(b)];
  if (sa && sb) return sa.endsWith(sb) || sb.endsWith(sa);
  if (sa) return b.endsWith(sa);
  if (sb) return a.endsWith(sb);
  return false;
}

/** A path glob that is a plain prefix (`/v1/**`, `/repos/acme/**`): its prefix, else undefined. */
function pathPrefix(glob: string): string | undefined {
  if (glob === "/**" || glob === "**") return "/";
  const match = /^(\/[^*?[\]{}]*\/)\*\*$/.exec(glob);
  return match?.[1];
}

const defaultPorts: Record<string, number> = { https: 443, http: 80 };

export function sandboxNetworkFor(policy: Policy, agentId: string): SandboxNetwork {
  const restricted = [
    ...policy.network.block
      .filter((rule) => appliesTo(rule.agents, agentId))
      .map((rule) => ({ rule, why: "a block rule names it" })),
    ...policy.network.ask
      .filter((rule) => appliesTo(rule.agents, agentId))
      .map((rule) => ({ rule, why: "an ask rule names it" })),
  ].flatMap(({ rule, why }) => rule.hosts.map((host) => ({ host: canonicalHostPattern(host), why })));

  const network: SandboxNetwork = { hosts: [], anyHost: false, urlPrefixes: [], methods: [], omitted: [] };
  let methods: Set<string> | undefined;
  for (const rule of policy.network.allow) {
    if (!appliesTo(rule.agents, agentId)) continue;
    const included: string[] = [];
    for (const raw of rule.hosts) {
      const host = canonicalHostPattern(raw);
      const reason =
        rule.effect !== "allow"
          ? "its grant needs approval, which code in a sandbox cannot wait for"
          : controlPlane.test(host.replace(/^\*\./, ""))
            ? "it is the sandbox provider's own control plane"
            : restricted.find((limit) => hostPatternsOverlap(limit.host, host))?.why;
      if (reason) {
        network.omitted.push({ host, reason });
        continue;
      }
      if (host === "*") network.anyHost = true;
      else if (!network.hosts.includes(host)) network.hosts.push(host);
      included.push(host);
    }
    const exact = included.filter((host) => host !== "*" && !host.startsWith("*."));
    const prefixes = rule.paths ? rule.paths.map(pathPrefix) : ["/"];
    // A path glob that is no plain prefix cannot be said to such a filter: the rule is left out.
    if (exact.length === 0 || prefixes.some((prefix) => prefix === undefined)) continue;
    methods = methods
      ? new Set(rule.methods.filter((method) => methods?.has(method)))
      : new Set(rule.methods);
    for (const host of exact)
      for (const scheme of rule.schemes.filter((s) => s === "https" || s === "http"))
        for (const port of rule.ports ?? [defaultPorts[scheme] as number]) {
          const origin = `${scheme}://${host}${port === defaultPorts[scheme] ? "" : `:${port}`}`;
          for (const prefix of prefixes as string[])
            network.urlPrefixes.push(prefix === "/" ? origin : `${origin}${prefix}`);
        }
  }
  network.methods = [...(methods ?? [])];
  // No method common to all the grants: a URL filter with one method list would widen some.
  if (network.methods.length === 0) network.urlPrefixes = [];
  return network;
}
