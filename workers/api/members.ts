/**
 * /api/members: the people who may open the dashboard (workers/dashboard). Each member has a
 * role and is paired on one connected channel: `userId` is their user id there (the id approver
 * lists name, so dashboard approvals follow those lists), `conversationId` the private chat their
 * sign-in codes are sent to (by default the user id, which is a private chat's id on platforms
 * that number chats by user). Removing a member deletes their codes and sessions.
 */
import { z } from "zod";
import { database } from "../../db/client";
import { getChannel } from "../../db/queries/channels";
import {
  countOwners,
  deleteMember,
  getMember,
  insertMember,
  listMembers,
  type MemberRow,
  updateMember,
} from "../../db/queries/members";
import { MEMBER_ROLES } from "../../db/schema-members";
import { systemClock } from "../../kernel/clock";
import { createIdSource } from "../../kernel/ids";
import { errorResponse } from "../errors";
import { apiRouter, ID_PATTERN, parseJsonBody } from "./request";

const PlatformId = z.string().regex(/^-?[A-Za-z0-9_.:-]{1,64}$/, "a platform id");
const NewMember = z
  .object({
    login: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/, "lower-case letters, digits, . _ - (max 40)"),
    name: z.string().trim().min(1).max(120),
    role: z.enum(MEMBER_ROLES),
    channelId: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, "a channel id"),
    userId: PlatformId,
    conversationId: PlatformId.optional(),
  })
  .strict();
const MemberChange = NewMember.omit({ login: true }).partial().strict();

const ids = createIdSource(systemClock);

/** A member as the API shows it: the stored row under the names the API takes. */
function shown(member: MemberRow) {
  const { platformUserId, tenantId: _tenant, ...rest } = member;
  return { ...rest, userId: platformUserId };
}

export const memberRoutes = apiRouter()
  .get("/", async (c) => {
    const members = await listMembers(database(c.env.DB), c.var.tenantId);
    return c.json({ members: members.map(shown) });
  })
  .post("/", async (c) => {
    const body = await parseJsonBody(c, NewMember);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const { userId, conversationId, ...rest } = body.data;
    if (!(await getChannel(db, c.var.tenantId, rest.channelId)))
      return errorResponse(c, 400, `no channel ${rest.channelId} in this tenant`, "channelId");
    const now = systemClock.now();
    const member = await insertMember(db, {
      ...rest,
      id: ids.next("mem"),
      tenantId: c.var.tenantId,
      platformUserId: userId,
      conversationId: conversationId ?? userId,
      createdAt: now,
      updatedAt: now,
    });
    if (!member) return errorResponse(c, 409, `login ${rest.login} is taken`, "login");
    return c.json({ member: shown(member) }, 201);
  })
  .patch("/:id", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such member", "id");
    const body = await parseJsonBody(c, MemberChange);
    if (!body.ok) return body.response;
    const db = database(c.env.DB);
    const current = await getMember(db, c.var.tenantId, id);
    if (!current) return errorResponse(c, 404, "no such member", "id");
    const { userId, ...rest } = body.data;
    if (rest.channelId && !(await getChannel(db, c.var.tenantId, rest.channelId)))
      return errorResponse(c, 400, `no channel ${rest.channelId} in this tenant`, "channelId");
    if (
      current.role === "owner" &&
      rest.role &&
      rest.role !== "owner" &&
      (await countOwners(db, c.var.tenantId)) < 2
    )
      return errorResponse(c, 409, "the last owner keeps the role: make another member owner first", "role");
    const member = await updateMember(db, c.var.tenantId, id, {
      ...rest,
      ...(userId ? { platformUserId: userId } : {}),
      updatedAt: systemClock.now(),
    });
    return member ? c.json({ member: shown(member) }) : errorResponse(c, 404, "no such member", "id");
  })
  .delete("/:id", async (c) => {
    const id = c.req.param("id");
    if (!ID_PATTERN.test(id)) return errorResponse(c, 404, "no such member", "id");
    const db = database(c.env.DB);
    const current = await getMember(db, c.var.tenantId, id);
    if (!current) return errorResponse(c, 404, "no such member", "id");
    if (current.role === "owner" && (await countOwners(db, c.var.tenantId)) < 2)
      return errorResponse(c, 409, "the last owner cannot be removed: make another member owner first", "id");
    await deleteMember(db, c.var.tenantId, id);
    return c.body(null, 204);
  });
