import { z } from "zod";

/** A platform user id as the admin API accepts it (Telegram numeric ids, Slack U…/W… ids, …). */
export const SenderIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "a platform user id");
