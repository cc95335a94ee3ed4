import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "../../../channels/slack/signature";

// Slack's published worked example (https://api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const EXPECTED = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

const check = (overrides: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SECRET,
    timestamp: TIMESTAMP,
    signature: EXPECTED,
    rawBody: BODY,
    nowSeconds: Number(TIMESTAMP) + 30,
    ...overrides,
  });

describe("Slack request signatures", () => {
  it("computes Slack's published example exactly", async () => {
    expect(await slackSignature(SECRET, TIMESTAMP, BODY)).toBe(EXPECTED);
  });

  it("accepts the published request within the five-minute window", async () => {
    expect(await check()).toEqual({ ok: true });
    expect(await check({ nowSeconds: Number(TIMESTAMP) + 300 })).toEqual({ ok: true });
    expect(await check({ nowSeconds: Number(TIMESTAMP) - 300 })).toEqual({ ok: true });
  });

  it("refuses a timestamp more than five minutes away, either way", async () => {
    expect(await check({ nowSeconds: Number(TIMESTAMP) + 301 })).toMatchObject({ ok: false });
    expect(await check({ nowSeconds: Number(TIMESTAMP) - 301 })).toMatchObject({ ok: false });
  });

  it("refuses a body changed by one character, another secret, and missing or malformed headers", async () => {
    expect(await check({ rawBody: BODY.replace("text=&", "text=x&") })).toEqual({
      ok: false,
      reason: "signature does not match",
    });
    expect(await check({ signingSecret: `${SECRET}0` })).toMatchObject({ ok: false });
    expect(await check({ signature: undefined })).toMatchObject({ ok: false });
    expect(await check({ signature: EXPECTED.replace("v0=", "v1=") })).toMatchObject({ ok: false });
    expect(await check({ timestamp: undefined })).toMatchObject({ ok: false });
    expect(await check({ timestamp: "1531420618.5" })).toMatchObject({ ok: false });
  });

  it("checks the raw body, not a re-serialisation of it", async () => {
    const raw = '{"type":"event_callback", "event_id":"Ev1"}';
    const signature = await slackSignature(SECRET, TIMESTAMP, raw);
    const reserialised = JSON.stringify(JSON.parse(raw));
    expect(await check({ rawBody: raw, signature })).toEqual({ ok: true });
    expect(await check({ rawBody: reserialised, signature })).toMatchObject({ ok: false });
  });
});
