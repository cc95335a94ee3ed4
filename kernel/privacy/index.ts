/**
 * Privacy kernel: personal-data detection and reversible redaction, and secret scanning.
 * Pure: no I/O, no clock, no randomness. See docs/privacy.md.
 */
export { containsPersonalData, type DetectOptions, detectPersonalData } from "./detect";
export {
  emptyRedactionMapping,
  placeholderFor,
  type RedactionEntry,
  type RedactionMapping,
  redactAll,
  redactEntities,
  redactPersonalData,
  restorePersonalData,
} from "./redact";
export * from "./secrets/index";
export { type PersonalDataEntity, type PersonalDataType, personalDataTypes } from "./types";
