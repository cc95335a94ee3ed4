/**
 * Privacy kernel: personal-data detection and reversible redaction, and secret scanning.
 * Pure: no I/O, no clock, no randomness. See docs/privacy.md.
 */
export { containsPersonalData, type DetectOptions, detectPersonalData } from "./detect.js";
export {
  emptyRedactionMapping,
  placeholderFor,
  type RedactionEntry,
  type RedactionMapping,
  redactAll,
  redactEntities,
  redactPersonalData,
  restorePersonalData,
} from "./redact.js";
export * from "./secrets/index.js";
export { type PersonalDataEntity, type PersonalDataType, personalDataTypes } from "./types.js";
