/**
 * The dashboard in a real browser against a real Cairn (wrangler dev, test/browser/local-cairn.ts)
 * whose Telegram API base is a local stand-in for the Bot API: sign-in codes are read where
 * Telegram would deliver them. The scenarios (README, "Dashboard"):
 *   1. a member signs in with a code sent to their chat;
 * all at phone width (390 px), approving and typing the code by keyboard;
 *   2. a chat message creates a proposal, it appears in the inbox without a reload, the member
 *      approves it, it executes once, and the execution appears on the same page;
 *   3. a viewer sees the proposal but cannot approve it (403, nothing changes);
 *   4. a second tenant's member sees nothing of the first.
 * Screenshots of each page go to test/artifacts/ (git-ignored).
 */
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotCall, startFakeTelegram } from "../../scripts/local/fake-telegram-server";
import { ROOT } from "../../scripts/local/state";
import { launchChromium } from "./chromium";
import { freePort, type LocalCairn, type SeededTenant, startLocalCairn } from "./local-cairn";

const ARTIFACTS = path.join(ROOT, "test", "artifacts");
const ADA = 700100200;
const VIC = 700100300;
const GUS = 700900100;

let cairn: LocalCairn;
let telegram: Server;
let browser: Browser;
let acme: SeededTenant;
let globex: SeededTenant;
const calls: BotCall[] = [];
const contexts: BrowserContext[] = [];

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeout = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

const codeSentTo = (chatId: number, after: number) =>
  waitFor(`a sign-in code sent to chat ${chatId}`, () => {
    const call = calls
      .slice(after)
      .find(
        (c) =>
          c.method === "sendMessage" &&
          c.body.chat_id === String(chatId) &&
          /sign-in code/.test(String(c.body.text)),
      );
    return call ? /: (\d{6})\n/.exec(String(call.body.text))?.[1] : undefined;
  });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** A person in their own browser context signing in to a tenant with the code from their chat. */
async function signIn(
  tenant: SeededTenant,
  login: string,
  chatId: number,
  screenshot?: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${cairn.baseUrl}/app/${tenant.tenantId}/inbox`);
  await expect.poll(() => new URL(page.url()).pathname).toBe(`/app/${tenant.tenantId}/sign-in`);
  const before = calls.length;
  await page.getByLabel("Your login").fill(login);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await page.getByLabel("The code from your chat").waitFor();
  if (screenshot) await shot(page, screenshot);
  // By keyboard: the code typed, then Enter submits the form.
  await page.getByLabel("The code from your chat").fill(await codeSentTo(chatId, before));
  await page.getByLabel("The code from your chat").press("Enter");
  await page.waitForURL(`**/app/${tenant.tenantId}/inbox`);
  return page;
}

/** Presses Tab until the focused element is the one labelled `label`, as a keyboard user would. */
async function tabTo(page: Page, label: string) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string | null } | null } })
          .document.activeElement?.textContent ?? "",
    );
    if (focused.trim() === label) return;
  }
  throw new Error(`Tab never reached "${label}"`);
}

let updateId = 500_000;
/** A person writing to the bot in their private chat, as Telegram posts it to the webhook. */
function say(tenant: SeededTenant, userId: number, text: string) {
  const id = ++updateId;
  return cairn.telegramUpdate(tenant, {
    update_id: id,
    message: {
      message_id: id,
      from: { id: userId, is_bot: false, first_name: "Ada" },
      chat: { id: userId, type: "private", first_name: "Ada" },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
}

const pendingIds = async (tenant: SeededTenant) =>
  ((await cairn.api(tenant, "/proposals?status=pending")).body.proposals as Array<{ id: string }>).map(
    (p) => p.id,
  );

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const telegramPort = await freePort();
  cairn = await startLocalCairn({
    tenants: [
      { tenantId: "acme", approvers: [String(ADA)] },
      { tenantId: "globex", approvers: [String(GUS)] },
    ],
    telegramApiBase: `http://127.0.0.1:${telegramPort}`,
  });
  [acme, globex] = cairn.tenants as [SeededTenant, SeededTenant];
  telegram = await startFakeTelegram(
    telegramPort,
    cairn.tenants.map((t) => t.botToken),
    (call) => calls.push(call),
  );
  const member = (tenant: SeededTenant, login: string, role: string, userId: number) =>
    cairn.api(tenant, "/members", {
      method: "POST",
      body: {
        login,
        name: `${login[0]!.toUpperCase()}${login.slice(1)}`,
        role,
        channelId: tenant.channelId,
        userId: String(userId),
      },
    });
  expect((await member(acme, "ada", "approver", ADA)).status).toBe(201);
  expect((await member(acme, "vic", "viewer", VIC)).status).toBe(201);
  expect((await member(globex, "gus", "owner", GUS)).status).toBe(201);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await cairn?.stop();
  telegram?.close();
});

describe("the dashboard in Chromium", () => {
  let ada: Page;

  it("signs a member in with a code sent to their chat, into a strict session cookie", async () => {
    ada = await signIn(acme, "ada", ADA, "sign-in-code");
    await expect.poll(() => ada.getByRole("heading", { name: "Inbox" }).isVisible()).toBe(true);
    const [cookie] = (await ada.context().cookies()).filter((c) => c.name === "cairn_session");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/app" });
    await shot(ada, "inbox-empty");
  });

  it("shows a proposal made in the chat without a reload; the member approves it and it executes once", async () => {
    // Marks this page load: a reload would lose the mark.
    await ada.evaluate(() => {
      (globalThis as unknown as { loadMark: number }).loadMark = 42;
    });
    await say(acme, ADA, "run echo 'Invoice 2024-031: 1,250.00 EUR overdue' > overdue.txt");
    const card = ada.locator("[data-proposal]");
    await card.first().waitFor({ timeout: 30_000 });
    expect(await ada.evaluate(() => (globalThis as unknown as { loadMark?: number }).loadMark)).toBe(42);
    const [id] = await pendingIds(acme);
    expect(await card.first().getAttribute("data-proposal")).toBe(id);
    await expect.poll(() => card.first().textContent()).toContain("overdue.txt");
    await shot(ada, "inbox-pending");

    // By keyboard: Tab to the Approve button, Enter.
    await tabTo(ada, "Approve");
    await ada.keyboard.press("Enter");
    await expect.poll(() => ada.locator("[data-result]").textContent()).toContain("Approved");
    const executed = await waitFor("the proposal to execute", async () => {
      const { body } = await cairn.api(acme, `/proposals/${id}`);
      return body.proposal.status === "executed" ? body : undefined;
    });
    expect(executed.proposal.decidedBy).toBe(`user:telegram:${ADA}`);
    expect(executed.audit.filter((e: { action: string }) => e.action === "proposal.executed")).toHaveLength(
      1,
    );
    await expect.poll(() => ada.locator(`[data-proposal="${id}"]`).count(), { timeout: 10_000 }).toBe(0);
    // The execution shows up under the inbox on the same page load.
    await expect
      .poll(() => ada.locator(`[data-decided="${id}"] [data-field="status"]`).textContent(), {
        timeout: 10_000,
      })
      .toBe("executed");
    expect(await ada.evaluate(() => (globalThis as unknown as { loadMark?: number }).loadMark)).toBe(42);
    await shot(ada, "inbox-after-approval");
  });

  it("lets a viewer see a proposal but not approve it: 403, and it stays pending", async () => {
    const vic = await signIn(acme, "vic", VIC);
    await say(acme, ADA, "run echo 'second' > second.txt");
    const card = vic.locator("[data-proposal]");
    await card.first().waitFor({ timeout: 30_000 });
    expect(await card.first().getByRole("button", { name: "Approve" }).count()).toBe(0);
    await expect.poll(() => card.first().textContent()).toContain("a viewer cannot decide proposals");
    const id = (await card.first().getAttribute("data-proposal"))!;
    // The page's own script would send exactly this: its session's CSRF token, from the page.
    const status = await vic.evaluate(async (proposalId) => {
      const page = globalThis as unknown as {
        document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
      };
      const csrf = page.document.querySelector('meta[name="csrf-token"]')?.getAttribute("content") ?? "";
      const response = await fetch(`/app/acme/proposals/${proposalId}/approve`, {
        method: "POST",
        headers: { Accept: "application/json", "X-CSRF-Token": csrf },
      });
      return response.status;
    }, id);
    expect(status).toBe(403);
    const { body } = await cairn.api(acme, `/proposals/${id}`);
    expect(body.proposal.status).toBe("pending");
    expect(body.votes).toEqual([]);
    await shot(vic, "inbox-viewer");
  });

  it("shows a second tenant's member nothing of the first", async () => {
    const gus = await signIn(globex, "gus", GUS);
    await expect.poll(() => gus.locator("main").textContent()).toContain("Nothing is waiting");
    expect(await pendingIds(acme)).not.toHaveLength(0);
    await gus.goto(`${cairn.baseUrl}/app/acme/inbox`);
    expect(new URL(gus.url()).pathname).toBe("/app/acme/sign-in");
    const content = await gus.content();
    for (const id of await pendingIds(acme)) expect(content).not.toContain(id);
    await gus.goto(`${cairn.baseUrl}/app/globex/sessions`);
    await shot(gus, "sessions");
  });
});
