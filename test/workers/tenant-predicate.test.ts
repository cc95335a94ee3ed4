/** The tenant-predicate check itself: it must flag what it is for, and only that. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { database } from "../../db/client";
import { getTask } from "../../db/queries/tasks";
import { recordStatements, unscopedStatements } from "./tenant-predicate";

describe("the tenant-predicate check", () => {
  it("flags reads, writes and inserts of a tenant table that do not name the tenant", async () => {
    const flagged = await unscopedStatements(env.DB, [
      'select * from "tasks" where "tasks"."id" = ?',
      "UPDATE outbox SET status = ? WHERE id = ?",
      "DELETE FROM proposals",
      'insert into "tasks" ("id", "title") values (?, ?)',
      'select * from "tasks" where ("tasks"."tenant_id" = ? and "tasks"."id" = ?)',
      'insert into "tasks" ("id", "tenant_id", "title") values (?, ?, ?)',
      'select "tenant_id", "name" from "api_tokens" where ("api_tokens"."token_hash" = ? and "api_tokens"."revoked_at" is null) limit ?',
      'select * from "tenants" where "tenants"."id" = ?',
    ]);
    expect(flagged).toEqual([
      'select * from "tasks" where "tasks"."id" = ?',
      "UPDATE outbox SET status = ? WHERE id = ?",
      "DELETE FROM proposals",
      'insert into "tasks" ("id", "title") values (?, ?)',
    ]);
  });

  it("records the statements Cairn's code prepares, not the test's own", async () => {
    const recorder = recordStatements(env.DB);
    try {
      await env.DB.prepare("SELECT count(*) AS n FROM tasks").first();
      await getTask(database(env.DB), "nobody", "task_none");
    } finally {
      recorder.stop();
    }
    const recorded = [...recorder.statements];
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatch(/from "tasks" where \("tasks"\."tenant_id" = \? and "tasks"\."id" = \?\)/);
  });
});
