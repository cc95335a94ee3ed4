import { describe, expect, it } from "vitest";
import type { InboundMessage } from "../../../channels/message";
import { ChannelConfigSchema } from "../../../channels/registry";
import { authorizeUrl, signInstallState, verifyInstallState } from "../../../channels/slack/oauth";
import { isAddressed, newPairingCode, pairingCodeDigest } from "../../../runtime/channels/sender-gate";

const config = ChannelConfigSchema.parse({ apiBase: "https://api.telegram.org", botUsername: "Cairn_Bot" });
const bot = { ids: ["123456"], usernames: ["@cairn_bot"] };
const group = (extra: Partial<InboundMessage>): InboundMessage => ({
  tenantId: "acme",
  channelId: "ch",
  platform: "telegram",
  conversationId: "-100",
  sender: { id: "1", name: "Ada", isBot: false },
  text: "x",
  dedupKey: "k",
  receivedAt: 1,
  chatType: "group",
  ...extra,
});

describe("mention-required groups", () => {
  it("answers a mention, a reply to the bot, a command for it, and what the platform says is addressed", () => {
    expect(isAddressed(group({ mentions: ["@cairn_bot"] }), config, bot)).toBe(true);
    expect(isAddressed(group({ mentions: ["123456"] }), config, bot)).toBe(true);
    expect(isAddressed(group({ replyToSenderId: "123456" }), config, bot)).toBe(true);
    expect(isAddressed(group({ command: { name: "help", args: "" } }), config, bot)).toBe(true);
    expect(
      isAddressed(group({ command: { name: "help", args: "", target: "cairn_bot" } }), config, bot),
    ).toBe(true);
    expect(isAddressed(group({ mentions: ["@app"] }), config, bot)).toBe(true);
  });

  it("stays out of chatter, other bots' commands and replies to other people", () => {
    expect(isAddressed(group({}), config, bot)).toBe(false);
    expect(isAddressed(group({ mentions: ["@someone"] }), config, bot)).toBe(false);
    expect(isAddressed(group({ replyToSenderId: "999" }), config, bot)).toBe(false);
    expect(isAddressed(group({ command: { name: "help", args: "", target: "otherbot" } }), config, bot)).toBe(
      false,
    );
  });

  it("treats private chats and open groups as always addressed", () => {
    expect(isAddressed(group({ chatType: "private" }), config, bot)).toBe(true);
    expect(isAddressed(group({}), { ...config, groupPolicy: "open" }, bot)).toBe(true);
  });
});

describe("pairing codes", () => {
  it("are eight unambiguous characters, and compare regardless of case and separators", async () => {
    let n = 0;
    const code = newPairingCode((bytes) => Uint8Array.from({ length: bytes }, () => n++));
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(await pairingCodeDigest("ch", code.toLowerCase().replace("-", " "))).toBe(
      await pairingCodeDigest("ch", code),
    );
    expect(await pairingCodeDigest("other", code)).not.toBe(await pairingCodeDigest("ch", code));
  });
});

describe("Slack install state", () => {
  it("verifies its own signature and expiry, and names the tenant", async () => {
    const state = await signInstallState("acme", 2_000, "nonce", "secret");
    expect(await verifyInstallState(state, "secret", 1_000)).toEqual({ ok: true, tenantId: "acme" });
    expect(await verifyInstallState(state, "secret", 2_001)).toMatchObject({
      ok: false,
      reason: "install link has expired",
    });
    expect(await verifyInstallState(state, "other", 1_000)).toMatchObject({ ok: false });
    expect(await verifyInstallState(state.replace("acme", "evil"), "secret", 1_000)).toMatchObject({
      ok: false,
    });
    expect(await verifyInstallState(state.replace(".2000.", ".9999999."), "secret", 1_000)).toMatchObject({
      ok: false,
    });
  });

  it("builds Slack's authorize URL with the bot scopes, redirect and state", () => {
    const url = new URL(
      authorizeUrl({
        clientId: "1.2",
        redirectUri: "https://cairn.example/slack/oauth/callback",
        state: "s",
      }),
    );
    expect(url.origin + url.pathname).toBe("https://slack.com/oauth/v2/authorize");
    expect(url.searchParams.get("scope")?.split(",")).toContain("app_mentions:read");
    expect(url.searchParams.get("redirect_uri")).toBe("https://cairn.example/slack/oauth/callback");
  });
});
