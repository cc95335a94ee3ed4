/**
 * Credentials recognised by where they sit rather than by a provider's prefix: passwords in
 * connection strings, Authorization headers, and values assigned to a secret-looking name.
 * The value must look random enough (see entropy.ts) so "password: changeme" in a how-to is not
 * reported but "DB_PASSWORD=q8Zr…" is.
 */
import type { SecretRule } from "./provider-rules";

export const genericRules: readonly SecretRule[] = [
  {
    id: "connection-string-password",
    keywords: ["://"],
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:@/]{1,64}:([^\s@/]{6,128})@[\w.-]+/dg,
    group: 1,
  },
  {
    id: "basic-auth-header",
    keywords: ["basic "],
    pattern: /\bauthorization\s*:\s*basic\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/dgi,
    group: 1,
  },
  {
    id: "bearer-token",
    keywords: ["bearer "],
    pattern: /\b(?:authorization\s*:\s*)?bearer\s+([A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])/dgi,
    group: 1,
  },
  {
    id: "secret-assignment",
    keywords: ["pass", "secret", "token", "key", "pwd", "auth", "credential"],
    pattern:
      /(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|private[_-]?key|credentials?)[\w.-]{0,30}["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9+/=_.~!@#$%^&*-]{12,256})(?=["'\s,;}]|$)/dgi,
    group: 1,
  },
];
