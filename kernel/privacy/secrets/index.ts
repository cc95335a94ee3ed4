/** Secret scanning: provider rules, generic rules, entropy and Cairn's configured secrets. */
export { findHighEntropyTokens, looksRandom, shannonEntropy } from "./entropy.js";
export { findKnownSecrets, knownSecretFinder, minimumKnownSecretLength } from "./known-secrets.js";
export { providerRules, type SecretRule } from "./provider-rules.js";
export {
  createSecretScanner,
  maskSecrets,
  type SecretFinding,
  type SecretScannerOptions,
  scanForSecrets,
} from "./scan.js";
