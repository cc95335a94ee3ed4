/**
 * The fakes are as strict as the services they stand for (docs/testing.md, "Fakes"): each
 * malformed request below must fail the way the real service fails it, or the tests that use the
 * fake would pass for code the service would refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeE2B } from "./fake-e2b";
import { createFakeSlack, issueResponseUrl, RESPONSE_URL_MAX_USES } from "./fake-slack";
import { CALLBACK_DATA_MAX_BYTES, createFakeTelegram } from "./fake-telegram";
import { fakeInvoicing, fakeResend, INVOICING_AUTH } from "./proposals-harness";

const TOKEN = "123456:fake-strictness-token";
const telegram = createFakeTelegram(TOKEN);
const slack = createFakeSlack({ tokens: { "xoxb-strict": "T0STRICT" } });
const email = fakeResend();
const invoicing = fakeInvoicing();
const e2b = createFakeE2B("e2b_strict_key");

beforeAll(() => {
  telegram.server.use(...slack.handlers, email.handler, ...invoicing.handlers, ...e2b.handlers);
  telegram.server.listen();
});
afterAll(() => telegram.server.close());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

describe("fake Telegram", () => {
  const bot = (method: string, token = TOKEN) => `https://api.telegram.org/bot${token}/${method}`;
  const card = (data: string) => ({
    chat_id: "42",
    text: "Approval needed",
    reply_markup: { inline_keyboard: [[{ text: "Approve", callback_data: data }]] },
  });

  it("accepts callback_data of exactly 64 bytes and refuses 65 with BUTTON_DATA_INVALID", async () => {
    const fits = await fetch(bot("sendMessage"), json(card("p".repeat(CALLBACK_DATA_MAX_BYTES))));
    expect(fits.status).toBe(200);
    // 63 ASCII bytes and one two-byte character: 65 bytes in 64 characters.
    const tooLong = await fetch(bot("sendMessage"), json(card(`${"p".repeat(63)}é`)));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({
      ok: false,
      error_code: 400,
      description: "Bad Request: BUTTON_DATA_INVALID",
    });
    const edit = await fetch(bot("editMessageText"), json({ ...card("x".repeat(65)), message_id: 1000 }));
    expect(edit.status).toBe(400);
    const empty = await fetch(bot("sendMessage"), json(card("")));
    expect(empty.status).toBe(400);
  });

  it("refuses a wrong token, a missing chat_id, empty or over-long text and an unknown method", async () => {
    expect((await fetch(bot("sendMessage", "999:wrong"), json({ chat_id: "1", text: "x" }))).status).toBe(
      401,
    );
    expect((await fetch(bot("sendMessage"), json({ text: "x" }))).status).toBe(400);
    expect((await fetch(bot("sendMessage"), json({ chat_id: "1", text: "" }))).status).toBe(400);
    expect((await fetch(bot("sendMessage"), json({ chat_id: "1", text: "x".repeat(4097) }))).status).toBe(
      400,
    );
    expect((await fetch(bot("sendPhotoBomb"), json({ chat_id: "1" }))).status).toBe(404);
    expect(
      (await fetch(bot("sendMessage"), { method: "POST", body: JSON.stringify({ chat_id: "1", text: "x" }) }))
        .status,
    ).toBe(400);
  });

  it("records every request it received with the time and the status it answered", async () => {
    const before = telegram.received.length;
    telegram.failNext(429, 3);
    const limited = await fetch(bot("sendMessage"), json({ chat_id: "7", text: "later" }));
    expect(limited.status).toBe(429);
    const sent = await fetch(bot("sendMessage"), json({ chat_id: "7", text: "now" }));
    expect(sent.status).toBe(200);
    expect(telegram.received.slice(before).map(({ method, status }) => ({ method, status }))).toEqual([
      { method: "sendMessage", status: 429 },
      { method: "sendMessage", status: 200 },
    ]);
    const [first, second] = telegram.received.slice(before);
    expect(second!.at).toBeGreaterThanOrEqual(first!.at);
  });
});

describe("fake Slack response_url", () => {
  it("accepts only a response_url Slack issued, at most five times, with a JSON text", async () => {
    const forged = await fetch("https://hooks.slack.com/actions/T0STRICT/1/forged", json({ text: "hi" }));
    expect(forged.status).toBe(404);
    const url = issueResponseUrl("https://hooks.slack.com/actions/T0STRICT/2/issued");
    expect((await fetch(url, json({ response_type: "ephemeral" }))).status).toBe(400);
    expect((await fetch(url, { method: "POST", body: JSON.stringify({ text: "hi" }) })).status).toBe(400);
    for (let use = 0; use < RESPONSE_URL_MAX_USES; use++)
      expect((await fetch(url, json({ text: `answer ${use}` }))).status).toBe(200);
    const sixth = await fetch(url, json({ text: "one too many" }));
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe("used_url");
    expect(slack.calls.filter((c) => c.method === "response_url")).toHaveLength(RESPONSE_URL_MAX_USES);
  });
});

describe("fake Resend", () => {
  const send = (
    headers: Record<string, string>,
    body: unknown = { from: "a@x.test", to: ["b@x.test"], subject: "s" },
  ) =>
    fetch("https://api.resend.com/emails", json(body, { Authorization: "Bearer re_test_key", ...headers }));

  it("refuses a bad key, missing fields and an invalid Idempotency-Key", async () => {
    expect((await send({ Authorization: "Bearer nope" })).status).toBe(401);
    expect((await send({ "Idempotency-Key": "k1" }, { from: "a@x.test", subject: "s" })).status).toBe(422);
    expect((await send({ "Idempotency-Key": "k".repeat(257) })).status).toBe(400);
    expect(email.delivered).toEqual([]);
  });

  it("deduplicates on a key it was given, and on nothing when there is none", async () => {
    const first = (await (await send({ "Idempotency-Key": "same" })).json()) as { id: string };
    const repeat = (await (await send({ "Idempotency-Key": "same" })).json()) as { id: string };
    expect(repeat.id).toBe(first.id);
    await send({});
    await send({});
    expect(email.delivered.map((e) => e.idempotencyKey)).toEqual(["same", null, null]);
  });
});

describe("fake invoicing API", () => {
  const call = (method: string, path: string, headers: Record<string, string>, body?: string) =>
    fetch(`https://api.example.test${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const auth = { ...INVOICING_AUTH, "Idempotency-Key": "k1" };

  it("refuses a missing key, a missing Idempotency-Key, an unknown route and a body without a client", async () => {
    expect((await call("POST", "/invoices", { "Idempotency-Key": "k1" }, '{"client":"a"}')).status).toBe(401);
    expect((await call("POST", "/invoices", INVOICING_AUTH, '{"client":"a"}')).status).toBe(400);
    expect((await call("POST", "/anything/else", auth, "{}")).status).toBe(404);
    expect((await call("PUT", "/invoices/inv_1", auth, "{}")).status).toBe(404);
    expect((await call("POST", "/invoices", auth, '{"amount":5}')).status).toBe(422);
    expect((await call("POST", "/invoices", auth, "not json")).status).toBe(400);
    expect(invoicing.calls).toEqual([]);
  });

  it("records an accepted request with its body", async () => {
    expect((await call("POST", "/invoices", auth, '{"client":"a"}')).status).toBe(201);
    expect((await call("DELETE", "/invoices/inv_1", auth)).status).toBe(204);
    expect(invoicing.calls).toEqual([
      { method: "POST", path: "/invoices", idempotencyKey: "k1", body: '{"client":"a"}' },
      { method: "DELETE", path: "/invoices/inv_1", idempotencyKey: "k1", body: null },
    ]);
  });
});

describe("fake E2B", () => {
  const create = (body: unknown, key = "e2b_strict_key") =>
    fetch("https://api.e2b.app/v2/sandboxes", json(body, { "X-API-KEY": key }));

  it("refuses a create without templateID, with a bad timeout or metadata, or with a wrong key", async () => {
    expect((await create({ templateID: "base" }, "wrong")).status).toBe(401);
    expect((await create({ timeout: 300 })).status).toBe(400);
    expect((await create({ templateID: "base", timeout: 1.5 })).status).toBe(400);
    expect((await create({ templateID: "base", metadata: { n: 1 } })).status).toBe(400);
    expect(e2b.creates).toEqual([]);
  });

  it("answers envd RPCs only as POSTs with the access token and a command to start", async () => {
    const created = await create({ templateID: "base", timeout: 300 });
    expect(created.status).toBe(201);
    const { sandboxID, envdAccessToken } = (await created.json()) as {
      sandboxID: string;
      envdAccessToken: string;
    };
    const envd = (method: string, init: RequestInit) =>
      fetch(`https://49983-${sandboxID}.e2b.app/process.Process/${method}`, init);
    const headers = { "content-type": "application/json", "X-Access-Token": envdAccessToken };
    expect((await envd("List", { method: "GET", headers })).status).toBe(405);
    expect(
      (await envd("List", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }))
        .status,
    ).toBe(401);
    expect(
      (await envd("Start", { method: "POST", headers, body: JSON.stringify({ process: {} }) })).status,
    ).toBe(400);
    expect((await envd("SendSignal", { method: "POST", headers, body: "{}" })).status).toBe(400);
    expect((await envd("List", { method: "POST", headers, body: "{}" })).status).toBe(200);
    expect(e2b.calls.map((c) => c.method)).toEqual(["List"]);
  });
});
