/**
 * `npm run bench:privacy [-- --dev-errors]`: the personal-data detector and the secret scanner on
 * labelled multilingual sets, side by side with kept JavaScript PII libraries, and their speed.
 *
 * Keeping the test sets blind: pii-test.txt and secrets-test.ts were written and committed before any
 * detector code; tuning looked only at the dev sets' mistakes (`--dev-errors` prints them). This script
 * never prints a test-set mistake, only totals. LoCoMo (public chat, /work/shared/data) is used only
 * to count false positives of the secret scanner and to make realistic 1 KB messages for the speed run.
 * Writes bench/results/privacy.{json,md}.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createSecretScanner, detectPersonalData } from "../kernel/privacy/index";
import { createOpenRedaction, createRedactPii, redactPiiTypes } from "./privacy-comparison";
import { type LabelledMessage, loadPersonalDataSet } from "./privacy-data";
import { describeMistakes, type Found, type PersonalDataScore, scorePersonalData } from "./privacy-metrics";
import { renderPrivacyReport } from "./privacy-report";
import { buildSecretSet, type SecretMessage } from "./privacy-secret-sets";
import { measureSpeed, oneKilobyteMessages } from "./privacy-speed";

const locomoPath = path.join(
  import.meta.dirname,
  "..",
  "..",
  "shared",
  "data",
  "locomo-dev",
  "messages.jsonl",
);
const sharedLocomo = "/work/shared/data/locomo-dev/messages.jsonl";

function loadLocomo(): string[] {
  const file = [locomoPath, sharedLocomo].find((candidate) => existsSync(candidate));
  if (!file) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { text: string }).text);
}

function runPersonalData(
  messages: LabelledMessage[],
  detector: (text: string) => Found[],
  types?: ReadonlySet<string>,
) {
  const started = performance.now();
  const predictions = messages.map((message) => detector(message.text));
  const elapsedMs = performance.now() - started;
  return { score: scorePersonalData(messages, predictions, types), predictions, elapsedMs };
}

export interface SecretScore {
  planted: number;
  found: number;
  recall: number;
  providers: number;
  missedByProvider: Record<string, number>;
  lookalikeMessages: number;
  lookalikeFlagged: number;
  locomoMessages: number;
  locomoFlagged: number;
  chatFalsePositiveRate: number;
  flaggedRules: Record<string, number>;
}

function runSecrets(secrets: SecretMessage[], lookalikes: SecretMessage[], locomo: string[]): SecretScore {
  const scan = createSecretScanner();
  const missedByProvider: Record<string, number> = {};
  let found = 0;
  for (const message of secrets) {
    const span = message.secret!;
    const hit = scan(message.text).some((finding) => finding.start < span.end && span.start < finding.end);
    if (hit) found++;
    else missedByProvider[message.provider] = (missedByProvider[message.provider] ?? 0) + 1;
  }
  const flaggedRules: Record<string, number> = {};
  const flagged = (texts: string[]) =>
    texts.filter((text) => {
      const findings = scan(text);
      for (const finding of findings) flaggedRules[finding.rule] = (flaggedRules[finding.rule] ?? 0) + 1;
      return findings.length > 0;
    }).length;
  const lookalikeFlagged = flagged(lookalikes.map((message) => message.text));
  const locomoFlagged = flagged(locomo);
  const chatMessages = lookalikes.length + locomo.length;
  return {
    planted: secrets.length,
    found,
    recall: found / secrets.length,
    providers: new Set(secrets.map((message) => message.provider)).size,
    missedByProvider,
    lookalikeMessages: lookalikes.length,
    lookalikeFlagged,
    locomoMessages: locomo.length,
    locomoFlagged,
    chatFalsePositiveRate: (lookalikeFlagged + locomoFlagged) / chatMessages,
    flaggedRules,
  };
}

function main() {
  const showDevErrors = process.argv.includes("--dev-errors");
  const test = loadPersonalDataSet("test");
  const dev = loadPersonalDataSet("dev");
  const locomo = loadLocomo();

  const ours = (text: string) => detectPersonalData(text);
  const openRedaction = createOpenRedaction();
  const redactPii = createRedactPii();

  const piiTest = runPersonalData(test, ours);
  const piiDev = runPersonalData(dev, ours);
  const comparison: Array<{
    name: string;
    scope: string;
    ours: PersonalDataScore;
    theirs: PersonalDataScore;
    theirMsPerMessage: number;
  }> = [
    {
      name: "@openredaction/openredaction 1.0.4 (preset gdpr)",
      scope: "all 16 types",
      ours: piiTest.score,
      ...(() => {
        const run = runPersonalData(test, openRedaction);
        return { theirs: run.score, theirMsPerMessage: run.elapsedMs / test.length };
      })(),
    },
    {
      name: "@redactpii/node 1.0.17",
      scope: "its five types: PERSON, EMAIL, PHONE, CREDIT_CARD, NATIONAL_ID (SSN)",
      ours: runPersonalData(test, ours, redactPiiTypes).score,
      ...(() => {
        const run = runPersonalData(test, redactPii, redactPiiTypes);
        return { theirs: run.score, theirMsPerMessage: run.elapsedMs / test.length };
      })(),
    },
  ];

  const secretTest = buildSecretSet("test");
  const secretDev = buildSecretSet("dev");
  const secretsTest = runSecrets(secretTest.secrets, secretTest.lookalikes, locomo);
  const secretsDev = runSecrets(secretDev.secrets, secretDev.lookalikes, []);

  const knownSecrets = Array.from({ length: 20 }, (_, i) => `tenant-${i}-key-${"x7Qp".repeat(6)}${i}`);
  const chatTexts = locomo.length > 0 ? locomo : test.map((message) => message.text);
  const piiDense = [...test, ...dev].map((message) => message.text);
  const speed = [
    measureSpeed(
      "ordinary chat (LoCoMo) in 1 KB messages",
      oneKilobyteMessages(chatTexts, 5000),
      knownSecrets,
    ),
    measureSpeed(
      "dense in personal data and secrets (bench lines) in 1 KB messages",
      oneKilobyteMessages([...piiDense, ...secretTest.secrets.map((m) => m.text)], 5000),
      knownSecrets,
    ),
  ];
  const libraryMessages = oneKilobyteMessages(chatTexts, 300);
  const openStarted = process.cpuUsage();
  for (const message of libraryMessages) openRedaction(message);
  const openUsed = process.cpuUsage(openStarted);
  const openRedactionPerSecond = libraryMessages.length / ((openUsed.user + openUsed.system) / 1e6);

  const results = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    personalData: {
      test: piiTest.score,
      dev: piiDev.score,
      testMessages: test.length,
      devMessages: dev.length,
    },
    comparison: comparison.map(({ name, scope, ours: o, theirs, theirMsPerMessage }) => ({
      name,
      scope,
      ours: o,
      theirs,
      theirMsPerMessage,
    })),
    secrets: { test: secretsTest, dev: secretsDev },
    speed,
    openRedactionMessagesPerCpuSecond: openRedactionPerSecond,
  };
  const resultsDir = path.join(import.meta.dirname, "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(path.join(resultsDir, "privacy.json"), `${JSON.stringify(results, null, 2)}\n`);
  const report = renderPrivacyReport(results);
  writeFileSync(path.join(resultsDir, "privacy.md"), report);
  console.log(report);
  if (showDevErrors) {
    console.log("\nDev-set mistakes (personal data):");
    for (const line of describeMistakes(dev, piiDev.predictions)) console.log(`  ${line}`);
    console.log("Dev-set secrets missed:", JSON.stringify(secretsDev.missedByProvider));
  }
}

main();
