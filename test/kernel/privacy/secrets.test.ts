import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createSecretScanner,
  findKnownSecrets,
  maskSecrets,
  providerRules,
  scanForSecrets,
  shannonEntropy,
} from "../../../kernel/privacy/index";

const rulesFound = (text: string, knownSecrets: string[] = []) =>
  scanForSecrets(text, { knownSecrets }).map((finding) => [finding.rule, finding.text]);

// Values in the providers' shapes, made up for the test (none is a live credential).
const github = `ghp_${"a1B2c3D4e5".repeat(3)}xY9zW8`;
const slack = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const anthropic = `sk-ant-api03-${"Zx9_Qw-8Er7Ty6Ui5Op4".repeat(4)}Aa3Ss2Dd1Ff0Gg9AA`;

describe("secret scanning", () => {
  it("finds provider credentials by their published shape, with exact offsets", () => {
    const text = `token=${github} and ${slack}`;
    const findings = scanForSecrets(text);
    expect(findings.map((finding) => finding.rule)).toEqual(["github-pat", "slack-token"]);
    for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
    expect(rulesFound(`key: ${anthropic}`)).toEqual([["anthropic-api-key", anthropic]]);
    expect(rulesFound("AKIAIOSFODNN7EXAMPLE is the documented example")).toEqual([
      ["aws-access-key-id", "AKIAIOSFODNN7EXAMPLE"],
    ]);
  });

  it("has rules for more than fifty providers, each with an id used once", () => {
    const ids = providerRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(50);
  });

  it("reports the password of a connection string and an Authorization header, not the whole line", () => {
    expect(rulesFound("DATABASE_URL=postgres://app:Zq8vL2pR9sT4wX1y@db.internal:5432/app")).toEqual([
      ["connection-string-password", "Zq8vL2pR9sT4wX1y"],
    ]);
    expect(rulesFound("Authorization: Basic dXNlcjpzM2NyM3RQYXNzdzByZA==")).toEqual([
      ["basic-auth-header", "dXNlcjpzM2NyM3RQYXNzdzByZA=="],
    ]);
  });

  it("a secret-looking name needs a random-looking value: examples in docs are not reported", () => {
    expect(rulesFound("password: changeme")).toEqual([]);
    expect(rulesFound("set api_key = your-api-key-here")).toEqual([]);
    expect(rulesFound("DB_PASSWORD=k9Xq2LmV7pZr4Tw8")).toEqual([["secret-assignment", "k9Xq2LmV7pZr4Tw8"]]);
  });

  it("entropy finds an unknown provider's key, but not commit ids, digests or UUIDs", () => {
    expect(rulesFound("the key is Q3kz9WmP2xV7bN4rT8yL1cF6hJ0sD5gA")).toEqual([
      ["high-entropy", "Q3kz9WmP2xV7bN4rT8yL1cF6hJ0sD5gA"],
    ]);
    expect(rulesFound("deployed 4f3c2a1b9e7d6c5a4b3c2d1e0f9a8b7c6d5e4f3a")).toEqual([]);
    expect(rulesFound("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).toEqual([]);
    expect(rulesFound("request 550e8400-e29b-41d4-a716-446655440000 failed")).toEqual([]);
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
  });

  it("entropy is the same to the last bit as counting characters in a Map, ASCII or not", () => {
    // The definition the counting table replaced: terms summed in order of first occurrence.
    const byMap = (value: string) => {
      const counts = new Map<string, number>();
      for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
      let entropy = 0;
      for (const count of counts.values())
        entropy -= (count / value.length) * Math.log2(count / value.length);
      return entropy;
    };
    const ascii = fc.string({ unit: fc.constantFrom(..."aAbB09+/_-=xyzQ7"), maxLength: 120 });
    const any = fc.string({ unit: "binary", maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(ascii, any), fc.oneof(ascii, any), (first, second) => {
        // Consecutive calls: the table is reused, so one value must leave nothing behind for the next.
        expect(shannonEntropy(first)).toBe(byMap(first));
        expect(shannonEntropy(second)).toBe(byMap(second));
      }),
      { numRuns: 500 },
    );
  });

  it("configured secrets are found by exact match whatever their shape, and win overlaps", () => {
    const configured = "tenant-acme-key-7731";
    expect(findKnownSecrets(`use ${configured} twice: ${configured}`, [configured])).toEqual([
      { start: 4, end: 24 },
      { start: 32, end: 52 },
    ]);
    expect(rulesFound(`x ${configured} y`, [configured])).toEqual([["configured-secret", configured]]);
    expect(rulesFound(`x ${github} y`, [github])).toEqual([["configured-secret", github]]);
    // Values too short to be a key would match ordinary words.
    expect(findKnownSecrets("a short word", ["short"])).toEqual([]);
  });

  it("a reused scanner gives the same answer every time (no regex state leaks between texts)", () => {
    const scan = createSecretScanner();
    const text = `one ${github} two`;
    expect(scan(text)).toEqual(scan(text));
    expect(scan("nothing here")).toEqual([]);
    expect(scan(text)).toHaveLength(1);
  });

  it("masking removes every found secret and names the rule", () => {
    const text = `token ${github} and ${slack}.`;
    const masked = maskSecrets(text, scanForSecrets(text));
    expect(masked).toBe("token [secret removed: github-pat] and [secret removed: slack-token].");
    expect(masked).not.toContain(github.slice(4));
  });

  it("ordinary chat has no findings", () => {
    for (const text of [
      "Can you send me the slides before the meeting tomorrow?",
      "Der Schlüssel liegt beim Empfang, das Passwort für das WLAN hängt an der Tür.",
      "Le mot de passe doit contenir au moins 12 caractères.",
      "My token of appreciation: thanks for the help with the API keys doc!",
    ]) {
      expect(rulesFound(text)).toEqual([]);
    }
  });
});
