/**
 * A server's JSON Schemas applied with the same interpreter the SDK is given in workerd
 * (@cfworker/json-schema through the SDK's CfWorkerJsonSchemaValidator). Validators are cached
 * by schema object: a catalogue lives for one turn and its schemas are never mutated.
 */
import type { JsonSchemaType } from "@modelcontextprotocol/sdk/validation";
import { CfWorkerJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/cfworker";

const validatorFactory = new CfWorkerJsonSchemaValidator();
const compiled = new WeakMap<
  object,
  (value: unknown) => { valid: boolean; errorMessage?: string | undefined }
>();

/** Undefined when `value` satisfies `schema`, otherwise the validator's message (one line). */
export function schemaProblem(schema: Record<string, unknown>, value: unknown): string | undefined {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = validatorFactory.getValidator(schema as JsonSchemaType);
    } catch (error) {
      return `the schema itself is unusable (${error instanceof Error ? error.message : String(error)})`;
    }
    compiled.set(schema, validate);
  }
  const result = validate(value);
  return result.valid ? undefined : (result.errorMessage ?? "invalid").replace(/\s+/g, " ").slice(0, 300);
}
