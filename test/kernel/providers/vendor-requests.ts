/**
 * Strict fakes of the model providers' endpoints: a request is checked the way the vendor checks
 * it — method and path by the handler, then the auth header, then the documented required body
 * fields — and refused with the vendor's own error shape before the test's answer is given. A
 * provider that sent a request the real API would refuse fails the test that used it, instead of
 * getting a happy answer from a fake that reads nothing.
 *
 * Shapes follow the vendors' API references (and their SDKs' request types): OpenAI Chat
 * Completions (`Authorization: Bearer`, `model`, non-empty `messages`, tool results answering a
 * preceding `tool_calls`, function names of at most 64 letters, digits, `_` or `-`) and Anthropic
 * Messages (`x-api-key` or a bearer key, `anthropic-version`, `model`, `max_tokens`, non-empty `messages` of
 * `user` / `assistant` only, the system prompt top level).
 */
import { HttpResponse, http } from "msw";
import { z } from "zod";
import { anthropicError, openAIError } from "./vendor-responses";

/** One request the fake accepted, as it arrived. */
export interface RecordedModelRequest {
  headers: Headers;
  body: Record<string, unknown>;
}

/** What the fakes read of a request: MSW's request in Node and in workerd alike. */
interface IncomingRequest {
  headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

type Answer = (body: Record<string, unknown>, request: IncomingRequest) => Response | Promise<Response>;

// ── OpenAI Chat Completions ──────────────────────────────────────────────────────────────────

const FunctionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "must be 1-64 of a-z, A-Z, 0-9, _ or -");

const OpenAIToolCall = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: FunctionName, arguments: z.string() }),
});

const OpenAIMessage = z.discriminatedUnion("role", [
  z.object({ role: z.enum(["system", "developer"]), content: z.union([z.string(), z.array(z.unknown())]) }),
  z.object({ role: z.literal("user"), content: z.union([z.string(), z.array(z.unknown()).min(1)]) }),
  z
    .object({
      role: z.literal("assistant"),
      content: z.union([z.string(), z.array(z.unknown()), z.null()]).optional(),
      tool_calls: z.array(OpenAIToolCall).min(1).optional(),
    })
    .refine((m) => m.tool_calls !== undefined || (m.content !== undefined && m.content !== null), {
      message: "an assistant message needs content or tool_calls",
    }),
  z.object({
    role: z.literal("tool"),
    tool_call_id: z.string().min(1),
    content: z.union([z.string(), z.array(z.unknown())]),
  }),
]);

const OpenAIBody = z.object({
  model: z.string().min(1),
  messages: z.array(OpenAIMessage).min(1),
  tools: z
    .array(
      z.object({
        type: z.literal("function"),
        function: z.object({
          name: FunctionName,
          description: z.string().optional(),
          parameters: z.unknown(),
        }),
      }),
    )
    .optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
});

/** The vendor's answer to a request it refuses, or null when the request is well formed. */
export async function openAIRefusal(request: IncomingRequest, apiKey: string): Promise<Response | null> {
  const auth = request.headers.get("authorization");
  if (!auth)
    return HttpResponse.json(openAIError("You didn't provide an API key.", "invalid_request_error", null), {
      status: 401,
    });
  if (auth !== `Bearer ${apiKey}`)
    return HttpResponse.json(
      openAIError("Incorrect API key provided.", "invalid_request_error", "invalid_api_key"),
      { status: 401 },
    );
  const body = await jsonBody(request);
  if (body === undefined)
    return HttpResponse.json(
      openAIError("We could not parse the JSON body of your request.", "invalid_request_error", null),
      { status: 400 },
    );
  const parsed = OpenAIBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return HttpResponse.json(
      {
        error: {
          message: `Invalid '${issue.path.join(".")}': ${issue.message}.`,
          type: "invalid_request_error",
          param: issue.path.join(".") || null,
          code:
            issue.code === "invalid_type" && issue.input === undefined ? "missing_required_parameter" : null,
        },
      },
      { status: 400 },
    );
  }
  // A tool result must answer a tool call of an earlier assistant message.
  const called = new Set<string>();
  for (const [index, message] of parsed.data.messages.entries()) {
    if (message.role === "assistant") for (const call of message.tool_calls ?? []) called.add(call.id);
    if (message.role === "tool" && !called.has(message.tool_call_id))
      return HttpResponse.json(
        openAIError(
          `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls' (messages.[${index}]).`,
          "invalid_request_error",
          null,
        ),
        { status: 400 },
      );
  }
  return null;
}

/** POST <base>/chat/completions, checked, recorded into `received`, then answered by `answer`. */
export function strictOpenAIChat(
  base: string,
  apiKey: string,
  answer: Answer,
  received: RecordedModelRequest[] = [],
) {
  return http.post(`${base}/chat/completions`, async ({ request }) => {
    const refusal = await openAIRefusal(request.clone(), apiKey);
    if (refusal) return refusal;
    const body = (await request.clone().json()) as Record<string, unknown>;
    received.push({ headers: request.headers, body });
    return answer(body, request);
  });
}

// ── Anthropic Messages ───────────────────────────────────────────────────────────────────────

const AnthropicBlock = z.discriminatedUnion("type", [
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image"), source: z.unknown() }),
  z.object({ type: z.literal("document"), source: z.unknown() }),
  z.object({
    type: z.literal("tool_use"),
    id: z.string().min(1),
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()),
  }),
  z.object({
    type: z.literal("tool_result"),
    tool_use_id: z.string().min(1),
    content: z.union([z.string(), z.array(z.unknown())]).optional(),
    is_error: z.boolean().optional(),
  }),
]);

const AnthropicBody = z.object({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z
    .array(
      z.object({
        role: z.enum(["user", "assistant"]),
        content: z.union([z.string(), z.array(AnthropicBlock).min(1)]),
      }),
    )
    .min(1),
  system: z.union([z.string(), z.array(z.object({ type: z.literal("text"), text: z.string() }))]).optional(),
  tools: z
    .array(
      z.object({
        name: z.string().min(1),
        description: z.string().optional(),
        input_schema: z.object({ type: z.literal("object") }).loose(),
      }),
    )
    .optional(),
});

export async function anthropicRefusal(request: IncomingRequest, apiKey: string): Promise<Response | null> {
  // The API takes the key as `x-api-key` or, as the official SDK sends it now, a bearer token.
  const bearer = request.headers.get("authorization")?.match(/^Bearer (.+)$/)?.[1];
  const key = request.headers.get("x-api-key") ?? bearer;
  if (!key)
    return HttpResponse.json(anthropicError("authentication_error", "x-api-key header is required"), {
      status: 401,
    });
  if (key !== apiKey)
    return HttpResponse.json(anthropicError("authentication_error", "invalid x-api-key"), { status: 401 });
  if (!request.headers.get("anthropic-version"))
    return HttpResponse.json(
      anthropicError("invalid_request_error", "anthropic-version: header is required"),
      {
        status: 400,
      },
    );
  const body = await jsonBody(request);
  if (body === undefined)
    return HttpResponse.json(
      anthropicError("invalid_request_error", "There was an issue with the request body: invalid JSON"),
      {
        status: 400,
      },
    );
  const parsed = AnthropicBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const message = issue.input === undefined ? "Field required" : issue.message;
    return HttpResponse.json(anthropicError("invalid_request_error", `${issue.path.join(".")}: ${message}`), {
      status: 400,
    });
  }
  return null;
}

/** POST <base>/v1/messages, checked, recorded into `received`, then answered by `answer`. */
export function strictAnthropicMessages(
  base: string,
  apiKey: string,
  answer: Answer,
  received: RecordedModelRequest[] = [],
) {
  return http.post(`${base}/v1/messages`, async ({ request }) => {
    const refusal = await anthropicRefusal(request.clone(), apiKey);
    if (refusal) return refusal;
    const body = (await request.clone().json()) as Record<string, unknown>;
    received.push({ headers: request.headers, body });
    return answer(body, request);
  });
}

async function jsonBody(request: IncomingRequest): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}
