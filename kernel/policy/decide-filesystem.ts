/**
 * Filesystem decisions: a path is normalised into every form some layer could decode it to,
 * and each form must pass — block rules first, then the read or write grants.
 */
import type { CompiledPathRule, CompiledPolicy } from "./compile";
import { bestGrant, defaultDeny, deny, escalate, grantDecision, stricter } from "./effects";
import { matchesAny } from "./glob";
import { normalizePathVariants } from "./paths";
import type { Decision } from "./types";

export type FilesystemOperation = "read" | "write";

function decideNormalizedPath(
  policy: CompiledPolicy,
  operation: FilesystemOperation,
  path: string,
): Decision {
  for (const rule of policy.filesystem.block) {
    if (matchesAny(rule.globs, path)) {
      return deny(rule.label, `${operation} of ${path} is blocked: ${rule.reason ?? rule.label}`);
    }
  }
  const grants = operation === "read" ? policy.filesystem.read : policy.filesystem.write;
  const matching: CompiledPathRule[] = [];
  for (const rule of grants) if (matchesAny(rule.globs, path)) matching.push(rule);
  const grant = bestGrant(matching);
  if (!grant) return defaultDeny(`no filesystem.${operation} rule covers ${path}`);
  const what = `${operation} of ${path}`;
  const asking = policy.filesystem.ask.find(
    (rule) => rule.operations.has(operation) && matchesAny(rule.globs, path),
  );
  return escalate(grantDecision(grant, what), asking, what);
}

/**
 * Decides a read or write of `rawPath` (relative paths resolve against `cwd`).
 *
 * @example decideFilesystem(compiled, "write", "notes.txt", "/workspace")
 */
export function decideFilesystem(
  policy: CompiledPolicy,
  operation: FilesystemOperation,
  rawPath: string,
  cwd: string,
): Decision {
  const normalized = normalizePathVariants(rawPath, cwd);
  if (!normalized.ok)
    return defaultDeny(`${operation} of ${JSON.stringify(rawPath)} refused: ${normalized.reason}`);
  let decision: Decision | undefined;
  for (const path of normalized.paths) {
    const forPath = decideNormalizedPath(policy, operation, path);
    decision = decision ? stricter(decision, forPath) : forPath;
    if (decision.effect === "deny") return decision;
  }
  return decision ?? defaultDeny("no path");
}
