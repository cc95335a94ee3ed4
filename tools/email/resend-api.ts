/**
 * Email through Resend's HTTP API (POST /emails). The proposal's idempotency key goes in the
 * Idempotency-Key header: Resend answers a repeat within 24 hours with the first email's id and
 * sends nothing, so a retried execution never mails twice.
 */
import { z } from "zod";
import type { EmailMessage, EmailPort } from "../ports";

export const RESEND_API_URL = "https://api.resend.com/emails";

const SentSchema = z.object({ id: z.string().min(1) });
const ErrorSchema = z.object({ message: z.string() }).loose();

export interface ResendConfig {
  apiKey: string | undefined;
  from: string;
  url?: string | undefined;
  fetch?: typeof fetch;
}

export function createResendEmail(config: ResendConfig): EmailPort {
  return {
    async send(message: EmailMessage, idempotencyKey: string) {
      if (!config.apiKey) throw new Error("email is not configured: set the EMAIL_API_KEY secret");
      const doFetch = config.fetch ?? fetch;
      const response = await doFetch(config.url ?? RESEND_API_URL, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${config.apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": idempotencyKey.slice(0, 256),
        },
        body: JSON.stringify({
          from: config.from,
          to: [message.to],
          subject: message.subject,
          text: message.text,
        }),
      });
      const body: unknown = await response.json().catch(() => null);
      if (!response.ok) {
        const error = ErrorSchema.safeParse(body);
        throw new Error(
          `email API answered ${response.status}: ${error.success ? error.data.message : "no error body"}`,
        );
      }
      const sent = SentSchema.safeParse(body);
      if (!sent.success) throw new Error("email API accepted the message but returned no id");
      return { id: sent.data.id };
    },
  };
}
