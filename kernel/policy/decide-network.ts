/**
 * Network decisions over a URL and a method. The URL is parsed by the WHATWG parser (what
 * fetch() will do with it), so the policy sees the host the request would really reach.
 */
import type { CompiledNetworkRule, CompiledPolicy } from "./compile";
import { bestGrant, defaultDeny, deny, escalate, grantDecision } from "./effects";
import { matchesAny } from "./glob";
import { hostMatches, specialHostReason } from "./hosts";
import { normalizePathVariants } from "./paths";
import type { Decision } from "./types";

const defaultPorts: Record<string, number> = { https: 443, http: 80, wss: 443, ws: 80 };

function pathsMatch(globs: readonly RegExp[] | undefined, paths: readonly string[]): boolean {
  if (!globs) return true;
  return paths.every((path) => matchesAny(globs, path));
}

/**
 * @example decideNetwork(compiled, "https://api.github.com/repos", "GET")
 */
export function decideNetwork(policy: CompiledPolicy, rawUrl: string, rawMethod: string): Decision {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return defaultDeny(`${JSON.stringify(rawUrl)} is not an absolute URL`);
  }
  const scheme = url.protocol.slice(0, -1);
  const host = url.hostname.replace(/\.$/, "");
  const method = rawMethod.toUpperCase();
  const defaultPort = defaultPorts[scheme];
  if (defaultPort === undefined) return defaultDeny(`the ${scheme}: scheme is never allowed`);
  const port = url.port === "" ? defaultPort : Number(url.port);
  const normalizedPath = normalizePathVariants(url.pathname, "/");
  if (!normalizedPath.ok) return defaultDeny(`URL path refused: ${normalizedPath.reason}`);
  const paths = normalizedPath.paths;

  for (const rule of policy.network.block) {
    if (
      rule.hosts.some((pattern) => hostMatches(pattern, host, false)) &&
      (!rule.paths || paths.some((p) => matchesAny(rule.paths ?? [], p)))
    ) {
      return deny(rule.label, `${host} is blocked: ${rule.reason ?? rule.label}`);
    }
  }

  const special = specialHostReason(host);
  const hasCredentials = url.username !== "" || url.password !== "";
  const matching: CompiledNetworkRule[] = [];
  for (const rule of policy.network.allow) {
    if (!rule.hosts.some((pattern) => hostMatches(pattern, host, special !== undefined))) continue;
    if (!rule.schemes.has(scheme) || !rule.methods.has(method)) continue;
    if (!(rule.ports ? rule.ports.has(port) : port === defaultPort)) continue;
    if (hasCredentials && !rule.allowCredentials) continue;
    if (!pathsMatch(rule.paths, paths)) continue;
    matching.push(rule);
  }
  const grant = bestGrant(matching);
  if (grant) {
    const what = `${method} ${scheme}://${host}:${port}${url.pathname}`;
    // Ask rules match hosts as block rules do: broadly, a wildcard covers special hosts too.
    const asking = policy.network.ask.find(
      (rule) =>
        (!rule.methods || rule.methods.has(method)) &&
        rule.hosts.some((pattern) => hostMatches(pattern, host, false)) &&
        (!rule.paths || paths.some((p) => matchesAny(rule.paths ?? [], p))),
    );
    return escalate(grantDecision(grant, what), asking, what);
  }
  if (special) return defaultDeny(`${host} is ${special}; only a rule naming it exactly can allow it`);
  if (hasCredentials) return defaultDeny("URLs carrying user:password@ credentials are refused");
  return defaultDeny(`no network.allow rule covers ${method} ${scheme}://${host}:${port}${url.pathname}`);
}
