/**
 * The model providers' fakes are as strict as the APIs (docs/testing.md, "Fakes"): a request the
 * real API refuses is refused here with the vendor's error shape, and nothing is recorded; a
 * well-formed one is recorded and answered. The providers' own tests then prove that Cairn's
 * requests are well formed, because they run against these fakes.
 */
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RecordedModelRequest, strictAnthropicMessages, strictOpenAIChat } from "./vendor-requests";
import { anthropicMessage, openAIChatCompletion } from "./vendor-responses";

const OPENAI = "https://llm.strict.test/v1";
const ANTHROPIC = "https://anthropic.strict.test";
const received: RecordedModelRequest[] = [];
const server = setupServer(
  strictOpenAIChat(OPENAI, "sk-right", () => HttpResponse.json(openAIChatCompletion({})), received),
  strictAnthropicMessages(
    ANTHROPIC,
    "ak-right",
    () => HttpResponse.json(anthropicMessage({ text: "ok" })),
    received,
  ),
);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
beforeEach(() => void received.splice(0));
afterAll(() => server.close());

const post = (url: string, headers: Record<string, string>, body: unknown) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

describe("the OpenAI Chat Completions fake", () => {
  const chat = (headers: Record<string, string>, body: unknown) =>
    post(`${OPENAI}/chat/completions`, headers, body);
  const auth = { authorization: "Bearer sk-right" };
  const good = { model: "gpt-5-mini", messages: [{ role: "user", content: "hi" }] };

  it("answers and records a well-formed request", async () => {
    const response = await chat(auth, good);
    expect(response.status).toBe(200);
    expect(received.map((r) => r.body)).toEqual([good]);
  });

  it.each([
    ["no API key", {}, good, 401, null],
    ["a wrong API key", { authorization: "Bearer sk-wrong" }, good, 401, "invalid_api_key"],
    ["a body that is not JSON", auth, "{not json", 400, null],
    ["no model", auth, { messages: good.messages }, 400, "missing_required_parameter"],
    ["no messages", auth, { model: "m" }, 400, "missing_required_parameter"],
    ["empty messages", auth, { model: "m", messages: [] }, 400, null],
    ["an unknown role", auth, { model: "m", messages: [{ role: "robot", content: "x" }] }, 400, null],
    [
      "an assistant message with neither content nor tool calls",
      auth,
      { model: "m", messages: [{ role: "user", content: "x" }, { role: "assistant" }] },
      400,
      null,
    ],
    [
      "a tool result answering no tool call",
      auth,
      {
        model: "m",
        messages: [
          { role: "user", content: "x" },
          { role: "tool", tool_call_id: "call_9", content: "{}" },
        ],
      },
      400,
      null,
    ],
    [
      "a function name with a colon",
      auth,
      { ...good, tools: [{ type: "function", function: { name: "mcp:crm:find", parameters: {} } }] },
      400,
      null,
    ],
    ["a zero output cap", auth, { ...good, max_tokens: 0 }, 400, null],
  ])("refuses %s, recording nothing", async (_name, headers, body, status, code) => {
    const response = await chat(headers, body);
    expect(response.status).toBe(status);
    const error = (
      (await response.json()) as { error: { type: string; code: string | null; message: string } }
    ).error;
    expect(error.type).toBe("invalid_request_error");
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
    expect(received).toEqual([]);
  });
});

describe("the Anthropic Messages fake", () => {
  const messages = (headers: Record<string, string>, body: unknown) =>
    post(`${ANTHROPIC}/v1/messages`, headers, body);
  const auth = { "x-api-key": "ak-right", "anthropic-version": "2023-06-01" };
  const good = { model: "claude-sonnet-4-6", max_tokens: 100, messages: [{ role: "user", content: "hi" }] };

  it("answers and records a well-formed request", async () => {
    const response = await messages(auth, good);
    expect(response.status).toBe(200);
    expect(received.map((r) => r.body)).toEqual([good]);
  });

  it.each([
    ["no API key", { "anthropic-version": "2023-06-01" }, good, 401, "authentication_error"],
    ["a wrong API key", { ...auth, "x-api-key": "ak-wrong" }, good, 401, "authentication_error"],
    [
      "a wrong bearer key",
      { "anthropic-version": "2023-06-01", authorization: "Bearer ak-wrong" },
      good,
      401,
      "authentication_error",
    ],
    ["no anthropic-version", { "x-api-key": "ak-right" }, good, 400, "invalid_request_error"],
    ["a body that is not JSON", auth, "{not json", 400, "invalid_request_error"],
    ["no max_tokens", auth, { model: good.model, messages: good.messages }, 400, "invalid_request_error"],
    ["no model", auth, { max_tokens: 5, messages: good.messages }, 400, "invalid_request_error"],
    ["empty messages", auth, { ...good, messages: [] }, 400, "invalid_request_error"],
    [
      "a system role inside messages",
      auth,
      { ...good, messages: [{ role: "system", content: "x" }] },
      400,
      "invalid_request_error",
    ],
    [
      "a tool_result without its tool_use_id",
      auth,
      { ...good, messages: [{ role: "user", content: [{ type: "tool_result", content: "x" }] }] },
      400,
      "invalid_request_error",
    ],
    [
      "a tool without input_schema",
      auth,
      { ...good, tools: [{ name: "find" }] },
      400,
      "invalid_request_error",
    ],
  ])("refuses %s, recording nothing", async (_name, headers, body, status, type) => {
    const response = await messages(headers, body);
    expect(response.status).toBe(status);
    const answer = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(answer.type).toBe("error");
    expect(answer.error.type).toBe(type);
    expect(answer.error.message.length).toBeGreaterThan(0);
    expect(received).toEqual([]);
  });

  it("takes the key as a bearer token too, as the official SDK sends it", async () => {
    const response = await messages(
      { "anthropic-version": "2023-06-01", authorization: "Bearer ak-right" },
      good,
    );
    expect(response.status).toBe(200);
  });

  it("names the missing field the way the API does", async () => {
    const response = await messages(auth, { model: good.model, messages: good.messages });
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "max_tokens: Field required",
    );
  });
});
