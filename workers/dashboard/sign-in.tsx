/**
 * Sign-in without passwords. A member types their login; a six-digit code goes to the chat they
 * are paired on, through the outbox like every other message Cairn sends; typing it back opens a
 * session. Codes are short-lived, good once and for five tries (kernel/members/sign-in-code.ts).
 * The answer to a code request is the same whether the login exists or not.
 *
 * Before a session exists there is no session CSRF token, so the two forms carry a double-submit
 * token: a random value in a SameSite=Strict cookie and in a hidden field, which must match.
 */
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import { database } from "../../db/client";
import { insertAuditEntries } from "../../db/queries/audit";
import { insertSession } from "../../db/queries/member-sessions";
import { findMemberByLogin } from "../../db/queries/members";
import {
  countCodesSince,
  insertSignInCode,
  latestLiveCode,
  recordWrongCode,
  spendCode,
} from "../../db/queries/sign-in-codes";
import { auditWriter } from "../../kernel/audit/chain";
import { systemClock } from "../../kernel/clock";
import { constantTimeEqual } from "../../kernel/digest";
import { createIdSource, randomSecret } from "../../kernel/ids";
import { newSessionSecret, SESSION, sessionDigest } from "../../kernel/members/session-token";
import {
  newSignInCode,
  normalizeTypedCode,
  SIGN_IN_CODE,
  signInCodeDigest,
} from "../../kernel/members/sign-in-code";
import { auditChain } from "../../runtime/audit-chain";
import { queueOutbound } from "../../runtime/outbox";
import { type DashboardEnv, dashboardRouter, tenantPath } from "./context";
import { Notice, Page } from "./layout";
import { setSessionCookie } from "./session";

const FORM_COOKIE = "cairn_sign_in";
const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "a member login");
const CodeRequest = z.object({ login: Login, form: z.string().min(1) });
const CodeEntry = z.object({
  login: Login,
  code: z
    .string()
    .transform(normalizeTypedCode)
    .pipe(z.string().regex(/^\d{6}$/, "six digits")),
  form: z.string().min(1),
});

const ids = createIdSource(systemClock);
type Ctx = Context<DashboardEnv>;

/** The double-submit token of the sign-in forms: reused while its cookie lives. */
function formToken(c: Ctx): string {
  const existing = getCookie(c, FORM_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomSecret(24);
  setCookie(c, FORM_COOKIE, token, {
    path: "/app",
    httpOnly: true,
    secure: true,
    sameSite: "Strict",
    maxAge: 3600,
  });
  return token;
}

function formTokenMatches(c: Ctx, presented: string): boolean {
  const cookie = getCookie(c, FORM_COOKIE);
  return cookie !== undefined && constantTimeEqual(cookie, presented);
}

function LoginForm({ tenantId, form, login }: { tenantId: string; form: string; login?: string }) {
  return (
    <form method="post" action={tenantPath(tenantId, "/sign-in/code")}>
      <input type="hidden" name="form" value={form} />
      <label for="login">Your login</label>
      <input type="text" id="login" name="login" value={login ?? ""} autocomplete="username" required />
      <p>
        <button type="submit">Send me a code</button>
      </p>
    </form>
  );
}

function CodeForm({ tenantId, form, login }: { tenantId: string; form: string; login: string }) {
  return (
    <form method="post" action={tenantPath(tenantId, "/sign-in/verify")}>
      <input type="hidden" name="form" value={form} />
      <input type="hidden" name="login" value={login} />
      <label for="code">The code from your chat</label>
      <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required />
      <p>
        <button type="submit">Sign in</button>
      </p>
    </form>
  );
}

function signInPage(
  c: Ctx,
  status: 200 | 400 | 401 | 403,
  body: { notice?: string; error?: string; code?: string },
) {
  const tenantId = c.var.tenantId;
  const form = formToken(c);
  return c.html(
    <Page title="Sign in" tenantId={tenantId}>
      {body.error ? <Notice kind="error" text={body.error} /> : null}
      {body.notice ? <Notice kind="info" text={body.notice} /> : null}
      {body.code !== undefined ? (
        <CodeForm tenantId={tenantId} form={form} login={body.code} />
      ) : (
        <LoginForm tenantId={tenantId} form={form} />
      )}
      <p class="muted">A code is sent to the chat you are paired on. No password is ever asked for.</p>
    </Page>,
    status,
  );
}

async function parsedForm<T>(c: Ctx, schema: z.ZodType<T>) {
  const type = c.req.header("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded"))
    return { ok: false as const, error: "send the form as application/x-www-form-urlencoded" };
  const parsed = schema.safeParse(await c.req.parseBody());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false as const,
      error: `invalid ${issue?.path.join(".") || "form"}: ${issue?.message ?? "bad value"}`,
    };
  }
  return { ok: true as const, data: parsed.data };
}

export const signInRoutes = dashboardRouter()
  .get("/", (c) => signInPage(c, 200, {}))
  .post("/code", async (c) => {
    const parsed = await parsedForm(c, CodeRequest);
    if (!parsed.ok) return signInPage(c, 400, { error: parsed.error });
    if (!formTokenMatches(c, parsed.data.form))
      return signInPage(c, 403, { error: "this form expired or came from another site: try again" });
    const tenantId = c.var.tenantId;
    const { login } = parsed.data;
    const db = database(c.env.DB);
    const now = systemClock.now();
    const member = await findMemberByLogin(db, tenantId, login);
    // Unknown logins and members over their limit get the same answer as everyone: no oracle.
    if (
      member &&
      (await countCodesSince(db, tenantId, member.id, now - SIGN_IN_CODE.requestWindowMs)) <
        SIGN_IN_CODE.maxRequests
    ) {
      const code = newSignInCode();
      const id = ids.next("sic");
      await insertSignInCode(db, {
        id,
        tenantId,
        memberId: member.id,
        codeHash: await signInCodeDigest(tenantId, member.id, code),
        createdAt: now,
        expiresAt: now + SIGN_IN_CODE.ttlMs,
      });
      await queueOutbound(
        c.env,
        db,
        ids,
        { tenantId, channelId: member.channelId },
        `sign-in:${id}`,
        {
          type: "message",
          conversationId: member.conversationId,
          text: `Your Cairn sign-in code for ${tenantId}: ${code}\nIt is good for ${SIGN_IN_CODE.ttlMs / 60_000} minutes. If you did not ask for it, ignore this message.`,
        },
        now,
      );
    }
    return signInPage(c, 200, {
      notice: `If ${login} is a member of ${tenantId}, a code is on its way to their chat.`,
      code: login,
    });
  })
  .post("/verify", async (c) => {
    const parsed = await parsedForm(c, CodeEntry);
    if (!parsed.ok) return signInPage(c, 400, { error: parsed.error });
    if (!formTokenMatches(c, parsed.data.form))
      return signInPage(c, 403, { error: "this form expired or came from another site: try again" });
    const tenantId = c.var.tenantId;
    const { login, code } = parsed.data;
    const db = database(c.env.DB);
    const now = systemClock.now();
    const refused = "that code is wrong, expired or already used: ask for a new one";
    const member = await findMemberByLogin(db, tenantId, login);
    const live = member ? await latestLiveCode(db, tenantId, member.id, now, SIGN_IN_CODE.maxAttempts) : null;
    if (!member || !live) return signInPage(c, 401, { error: refused, code: login });
    const matches = constantTimeEqual(await signInCodeDigest(tenantId, member.id, code), live.codeHash);
    if (!matches) {
      await recordWrongCode(db, tenantId, live.id);
      const left = SIGN_IN_CODE.maxAttempts - live.attempts - 1;
      return signInPage(c, 401, {
        error: left > 0 ? `that code is wrong: ${left} tries left` : refused,
        code: login,
      });
    }
    if (!(await spendCode(db, tenantId, live.id, now)))
      return signInPage(c, 401, { error: refused, code: login });

    const secret = newSessionSecret();
    const session = {
      id: ids.next("ses"),
      tenantId,
      memberId: member.id,
      tokenHash: await sessionDigest(secret),
      userAgent: (c.req.header("User-Agent") ?? "unknown").slice(0, 200),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: now + SESSION.ttlMs,
    };
    await insertSession(db, session);
    await insertAuditEntries(
      db,
      [
        {
          id: ids.next("aud"),
          tenantId,
          at: now,
          actor: `member:${member.login}`,
          action: "member.signed_in",
          subjectType: "session",
          subjectId: session.id,
          detail: { role: member.role },
        },
      ],
      auditChain(c.env, tenantId, auditWriter.dashboard),
    );
    setSessionCookie(c, secret, session.expiresAt);
    return c.redirect(tenantPath(tenantId, "/inbox"), 303);
  });
