/**
 * Linting the policy files of a directory: shared by `cairn policy lint`, which prints each file,
 * and `cairn doctor`, which reports the failures as one check.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { type Policy, PolicyError, parsePolicy } from "../../kernel/policy/index";

export function loadPolicy(file: string): Policy {
  return parsePolicy(readFileSync(file, "utf8"), file);
}

/** The .yaml files under `target` (a directory, recursively, or one file); throws if unreadable. */
export function policyFiles(target: string): string[] {
  if (!statSync(target).isDirectory()) return [target];
  return readdirSync(target, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(target, name));
}

const policySections = ["shell", "filesystem", "network", "channels", "tools", "limits"];

/**
 * Other YAML lives beside policies (policies/proposal-modes.yaml). A file with none of the
 * policy sections is another kind of file: it is listed as skipped, visibly, not failed.
 */
function notAPolicyFile(file: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(file, "utf8"));
  } catch {
    return undefined; // not YAML at all: let the policy parser report it with its line
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const keys = Object.keys(parsed);
  if (keys.some((key) => policySections.includes(key))) return undefined;
  const others = keys.filter((key) => !["version", "name", "description"].includes(key));
  return others.length > 0 ? `not a policy file (top-level keys: ${others.join(", ")})` : undefined;
}

export type PolicyLintResult =
  | { file: string; result: "ok" }
  | { file: string; result: "skip" | "error"; message: string };

/** Each file's verdict; an error message names the file and, where the parser knows it, the line. */
export function lintPolicyFiles(files: readonly string[]): PolicyLintResult[] {
  return files.map((file) => {
    const notPolicy = notAPolicyFile(file);
    if (notPolicy) return { file, result: "skip", message: notPolicy };
    try {
      loadPolicy(file);
      return { file, result: "ok" };
    } catch (error) {
      const message = error instanceof PolicyError ? error.message : `${file}: ${(error as Error).message}`;
      return { file, result: "error", message };
    }
  });
}
