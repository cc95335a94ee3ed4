import { describe, expect, it } from "vitest";
import { ALLOWED_UPDATES } from "../../../channels/telegram/webhook-setup";
import { runWith } from "../../../scripts/commands/channels";

const TOKEN = "123456:AAE-test-token-of-the-acme-bot";

/** A fake of the two HTTP peers the CLI talks to: the Bot API and Cairn's admin API. */
function peers(options: { cairnStatus?: number } = {}) {
  const requests: Array<{ url: string; method: string; headers: Headers; body: unknown }> = [];
  const fakeFetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    requests.push({ url, method: init?.method ?? "GET", headers: new Headers(init?.headers), body });
    const ok = (result: unknown) =>
      new Response(JSON.stringify({ ok: true, result }), { headers: { "content-type": "application/json" } });
    if (url.endsWith("/getMe"))
      return ok({ id: 123456, is_bot: true, first_name: "Cairn", username: "cairn_acme_bot" });
    if (url.endsWith("/setWebhook") || url.endsWith("/deleteWebhook")) return ok(true);
    if (url.endsWith("/getWebhookInfo"))
      return ok({
        url: "https://cairn.example/webhooks/telegram/acme",
        has_custom_certificate: false,
        pending_update_count: 3,
        last_error_date: 1764000000,
        last_error_message: "Wrong response from the webhook: 502 Bad Gateway",
      });
    if (url.endsWith("/api/channels/telegram"))
      return new Response("{}", { status: options.cairnStatus ?? 200 });
    return new Response(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }), {
      status: 404,
    });
  }) as typeof globalThis.fetch;
  const out: string[] = [];
  const err: string[] = [];
  const deps = {
    fetch: fakeFetch,
    env: { TELEGRAM_BOT_TOKEN: TOKEN, CAIRN_ADMIN_TOKEN: "admin" },
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    secret: () => "s3cret_token-0123456789",
  };
  return { deps, requests, out, err };
}

describe("cairn channels telegram", () => {
  it("connect stores the channel first, then sets the webhook with the same secret and the handled update kinds", async () => {
    const { deps, requests, out } = peers();
    const code = await runWith(
      ["telegram", "connect", "--tenant", "acme", "--url", "https://cairn.example/"],
      deps,
    );
    expect(code).toBe(0);
    expect(requests.map((r) => r.url)).toEqual([
      `https://api.telegram.org/bot${TOKEN}/getMe`,
      "https://cairn.example/api/channels/telegram",
      `https://api.telegram.org/bot${TOKEN}/setWebhook`,
    ]);
    expect(requests[1]).toMatchObject({
      method: "PUT",
      body: {
        agentId: "operations",
        botToken: TOKEN,
        webhookSecret: "s3cret_token-0123456789",
        botUsername: "cairn_acme_bot",
      },
    });
    expect(requests[1]!.headers.get("authorization")).toBe("Bearer admin");
    expect(requests[2]!.body).toEqual({
      url: "https://cairn.example/webhooks/telegram/acme",
      secret_token: "s3cret_token-0123456789",
      allowed_updates: ALLOWED_UPDATES,
    });
    expect(out.join("\n")).toContain("@cairn_acme_bot");
    expect(out.join("\n")).not.toContain(TOKEN);
  });

  it("does not set the webhook when Cairn refuses the channel", async () => {
    const { deps, requests, err } = peers({ cairnStatus: 403 });
    expect(
      await runWith(["telegram", "connect", "--tenant", "acme", "--url", "https://cairn.example"], deps),
    ).toBe(1);
    expect(requests.some((r) => r.url.endsWith("/setWebhook"))).toBe(false);
    expect(err.join("\n")).toMatch(/refused the channel \(403\)/);
  });

  it("info reports the webhook, pending updates and the last delivery error; disconnect deletes the webhook", async () => {
    const { deps, out, requests } = peers();
    expect(await runWith(["telegram", "info", "--tenant", "acme"], deps)).toBe(0);
    expect(out.join("\n")).toMatch(
      /pending:\s+3[\s\S]*last error: Wrong response from the webhook: 502 Bad Gateway/,
    );
    expect(await runWith(["telegram", "disconnect", "--tenant", "acme"], deps)).toBe(0);
    expect(requests.at(-1)).toMatchObject({
      url: `https://api.telegram.org/bot${TOKEN}/deleteWebhook`,
      body: { drop_pending_updates: false },
    });
  });

  it("explains bad arguments with exit code 2", async () => {
    const { deps, err } = peers();
    expect(await runWith(["telegram", "connect", "--tenant", "Acme!"], deps)).toBe(2);
    expect(err.join("\n")).toMatch(/invalid tenant/);
    expect(await runWith(["slack", "info"], deps)).toBe(2);
    expect(await runWith(["telegram", "connect", "--tenant", "acme"], deps)).toBe(2);
    expect(await runWith(["telegram", "info", "--tenant", "acme", "--token", "nope"], deps)).toBe(2);
  });
});
