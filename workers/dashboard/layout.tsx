/**
 * The page shell: one stylesheet and one script, both from /app/assets (the Content-Security-Policy
 * allows nothing inline). Everything shown goes through hono/jsx, which escapes text and
 * attribute values, so agent output, message text and names render as text.
 */
import type { Child } from "hono/jsx";
import { tenantPath } from "./context";

export interface PageProps {
  title: string;
  tenantId: string;
  /** The signed-in member's name and the session's CSRF token; absent on the sign-in pages. */
  member?: { name: string; role: string; csrfToken: string };
  children: Child;
}

export function Page({ title, tenantId, member, children }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {member ? <meta name="csrf-token" content={member.csrfToken} /> : null}
        <title>{`${title} · ${tenantId} · Cairn`}</title>
        <link rel="stylesheet" href="/app/assets/dashboard.css" />
        <script src="/app/assets/dashboard.js" defer />
      </head>
      <body>
        <header class="top">
          <strong>Cairn</strong> <span class="tenant">{tenantId}</span>
          {member ? (
            <nav>
              <a href={tenantPath(tenantId, "/inbox")}>Inbox</a>
              <a href={tenantPath(tenantId, "/usage")}>Usage</a>
              <a href={tenantPath(tenantId, "/sessions")}>Sessions</a>
              <span class="who">
                {member.name} ({member.role})
              </span>
              <form method="post" action={tenantPath(tenantId, "/sign-out")}>
                <input type="hidden" name="csrf" value={member.csrfToken} />
                <button type="submit">Sign out</button>
              </form>
            </nav>
          ) : null}
        </header>
        <main>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A one-line notice: `error` for what went wrong, `info` for what happened. */
export function Notice({ kind, text }: { kind: "error" | "info"; text: string }) {
  return (
    <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {text}
    </p>
  );
}
