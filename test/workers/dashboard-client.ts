/**
 * A browser as the dashboard's workerd tests need one: a cookie jar, the sign-in forms' hidden
 * token, and the session's CSRF token read from the page — all through the Worker's fetch.
 */
import { exports } from "cloudflare:workers";
import { expect } from "vitest";
import type { createFakeTelegram } from "./fake-telegram";

export const ORIGIN = "https://cairn.test";

export class DashboardClient {
  readonly cookies = new Map<string, string>();
  csrf = "";

  constructor(readonly tenantId: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0)
      headers.set("Cookie", [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; "));
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}${path}`, { ...init, headers, redirect: "manual" }),
    );
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (/Max-Age=0|expires=Thu, 01 Jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Posts a form (application/x-www-form-urlencoded), as a browser without script does. */
  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Posts as the page's script does: no body, the CSRF token in a header, JSON back. */
  postJson(path: string, csrf: string | null = this.csrf) {
    return this.fetch(path, {
      method: "POST",
      headers: { Accept: "application/json", ...(csrf === null ? {} : { "X-CSRF-Token": csrf }) },
    });
  }

  async formToken(): Promise<string> {
    const page = await (await this.fetch(`/app/${this.tenantId}/sign-in`)).text();
    const token = /name="form" value="([^"]+)"/.exec(page)?.[1];
    if (!token) throw new Error("the sign-in page has no form token");
    return token;
  }

  async requestCode(login: string) {
    return this.postForm(`/app/${this.tenantId}/sign-in/code`, { login, form: await this.formToken() });
  }

  async enterCode(login: string, code: string) {
    return this.postForm(`/app/${this.tenantId}/sign-in/verify`, {
      login,
      code,
      form: await this.formToken(),
    });
  }

  /** Reads the session's CSRF token from a signed-in page. */
  async readCsrf(): Promise<string> {
    const response = await this.fetch(`/app/${this.tenantId}/inbox`);
    expect(response.status).toBe(200);
    const token = /name="csrf-token" content="([0-9a-f]{64})"/.exec(await response.text())?.[1];
    if (!token) throw new Error("the inbox has no CSRF token");
    this.csrf = token;
    return token;
  }
}

/** The last sign-in code the fake Bot API was asked to send to `chatId`. */
export function lastCodeSentTo(
  telegram: ReturnType<typeof createFakeTelegram>,
  chatId: string,
): string | null {
  const sent = telegram
    .sentMessages()
    .filter((m) => String(m.chat_id) === chatId && String(m.text).includes("sign-in code"));
  const text = String(sent.at(-1)?.text ?? "");
  return /: (\d{6})\n/.exec(text)?.[1] ?? null;
}
