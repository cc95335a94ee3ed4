/**
 * `send_email`: irreversible, so its modes hold it (the undo-send outbox) rather than pretend
 * it can be recalled. The email API's idempotency key is the proposal's.
 */
import { z } from "zod";
import { requireServices, type Tool } from "../types";

const SendEmailInput = z.strictObject({
  to: z.email(),
  subject: z.string().min(1).max(200),
  text: z.string().min(1).max(20_000),
  /** The client (or other entity) the email is about, when the agent knows it. */
  entityId: z.string().max(64).optional(),
});
type SendEmailInput = z.infer<typeof SendEmailInput>;

export const sendEmailTool: Tool<SendEmailInput> = {
  name: "send_email",
  description: "Send a plain-text email. It waits in the undo-send outbox before it leaves.",
  input: SendEmailInput,
  risk: "high",
  reversible: false,
  actions: (input, context) => [
    { kind: "tool", agentId: context.agentId, tool: "message" },
    { kind: "message", agentId: context.agentId, channel: "email", recipient: input.to },
  ],
  describe: (input) => `email ${input.to}: "${input.subject}"`,
  subject: (input) => ({
    target: `email:${input.to.toLowerCase()}`,
    entityRefs: [input.to, ...(input.entityId ? [input.entityId] : [])],
  }),
  async execute(input, context) {
    const sent = await requireServices(context, "send_email").email.send(
      { to: input.to, subject: input.subject, text: input.text },
      context.callKey,
    );
    return { ok: true, output: `emailed ${input.to} (${sent.id})` };
  },
};
