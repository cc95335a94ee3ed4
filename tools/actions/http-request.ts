/**
 * `http_request`: call an HTTP API the network policy allows. Reversible only when the call
 * declares its compensating call (e.g. DELETE of what a POST created), which must be allowed too.
 */
import { z } from "zod";
import type { Action } from "../../kernel/policy/types";
import { truncateOutput } from "../sandbox/types";
import { requireServices, type Tool } from "../types";

const Method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const Call = z.strictObject({
  method: Method,
  url: z.url({ protocol: /^https?$/ }),
  body: z.string().max(100_000).optional(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(1024)).optional(),
});
const HttpRequestInput = Call.extend({ compensate: Call.optional() });
type HttpRequestInput = z.infer<typeof HttpRequestInput>;
type HttpCall = z.infer<typeof Call>;

async function perform(call: HttpCall, idempotencyKey: string, doFetch: typeof fetch) {
  const response = await doFetch(call.url, {
    method: call.method,
    headers: { ...call.headers, "Idempotency-Key": idempotencyKey },
    ...(call.body !== undefined ? { body: call.body } : {}),
  });
  const text = truncateOutput(await response.text(), 4000).text;
  return { ok: response.ok, output: `${call.method} ${call.url} → ${response.status}\n${text}` };
}

export const httpRequestTool: Tool<HttpRequestInput> = {
  name: "http_request",
  description: "Call an allowed HTTP API. Give `compensate` (the call that undoes it) to make it reversible.",
  input: HttpRequestInput,
  risk: "high",
  reversible: (input) => input.compensate !== undefined,
  actions: (input, context) => {
    const actions: Action[] = [
      { kind: "tool", agentId: context.agentId, tool: "http" },
      { kind: "network", agentId: context.agentId, url: input.url, method: input.method },
    ];
    if (input.compensate)
      actions.push({
        kind: "network",
        agentId: context.agentId,
        url: input.compensate.url,
        method: input.compensate.method,
      });
    return actions;
  },
  describe: (input) =>
    `${input.method} ${input.url}${input.compensate ? ` (undo: ${input.compensate.method} ${input.compensate.url})` : ""}`,
  subject: (input) => ({ target: input.url, entityRefs: [] }),
  execute: (input, context) =>
    perform(input, context.callKey, requireServices(context, "http_request").fetch),
  async inverse(input, _snapshot, context) {
    if (!input.compensate) return { ok: false, output: "this call declared no compensating call" };
    return perform(
      input.compensate,
      `${context.callKey}_undo`,
      requireServices(context, "http_request").fetch,
    );
  },
};
