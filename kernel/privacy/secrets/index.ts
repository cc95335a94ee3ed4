/** Secret scanning: provider rules, generic rules, entropy and Cairn's configured secrets. */
export { findHighEntropyTokens, looksRandom, shannonEntropy } from "./entropy";
export { findKnownSecrets, knownSecretFinder, minimumKnownSecretLength } from "./known-secrets";
export { providerRules, type SecretRule } from "./provider-rules";
export {
  createSecretScanner,
  maskSecrets,
  type SecretFinding,
  type SecretScannerOptions,
  scanForSecrets,
} from "./scan";
