/**
 * zod schemas of the GitHub webhook payload Cairn reads (docs: "Webhook events and payloads",
 * `issue_comment`): the comment, its author, the issue (or pull request: an issue with a
 * `pull_request` field) and the repository. Unknown fields are accepted and ignored.
 */
import { z } from "zod";

const UserSchema = z
  .object({
    login: z.string().min(1).max(100),
    id: z.number().int(),
    /** `User`, `Bot` or `Organization`. */
    type: z.string(),
  })
  .loose();

export const IssueCommentEventSchema = z
  .object({
    action: z.literal("created"),
    issue: z
      .object({
        number: z.number().int().positive(),
        title: z.string(),
        /** Present when the issue is a pull request. */
        pull_request: z.object({}).loose().optional(),
      })
      .loose(),
    comment: z
      .object({
        id: z.number().int().positive(),
        body: z.string().max(65_536),
        user: UserSchema,
        html_url: z.string().optional(),
        /** Set when a GitHub App made the comment. */
        performed_via_github_app: z
          .object({ id: z.number().int(), slug: z.string().optional() })
          .loose()
          .nullish(),
      })
      .loose(),
    repository: z
      .object({
        full_name: z.string().regex(/^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/, "owner/name"),
      })
      .loose(),
    sender: UserSchema,
  })
  .loose();
export type IssueCommentEvent = z.infer<typeof IssueCommentEventSchema>;
