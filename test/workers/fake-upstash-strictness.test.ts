/**
 * The Upstash Redis fake is as strict as Upstash (docs/testing.md, "Fakes"): a request the real
 * REST API refuses — no or a wrong token, a body that is not a command, a command with the wrong
 * number of arguments, an unknown command, an empty pipeline — is refused here too, with
 * Upstash's status and Redis's error text, so the ingress guard cannot pass against the fake
 * with requests the service would refuse.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFakeUpstashRedis } from "./fake-upstash-redis";

const URL_BASE = "https://strict-upstash.example.test";
const fake = createFakeUpstashRedis({ url: URL_BASE, token: "upstash-strict-token" });
beforeAll(() => fake.server.listen());
afterAll(() => fake.server.close());

async function post(path: string, body: unknown, token: string | null = "upstash-strict-token") {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${URL_BASE}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

describe("fake Upstash Redis", () => {
  it("refuses a missing or wrong token with 401 WRONGPASS, on single commands and pipelines", async () => {
    for (const [path, body] of [
      ["/", ["get", "k"]],
      ["/pipeline", [["get", "k"]]],
    ] as const) {
      expect(await post(path, body, null)).toEqual({
        status: 401,
        body: { error: "WRONGPASS invalid or missing auth token" },
      });
      expect((await post(path, body, "not-the-token")).status).toBe(401);
    }
  });

  it("refuses what is not a command, the wrong arity and an unknown command with 400 and Redis's text", async () => {
    expect(await post("/", { get: "k" })).toEqual({
      status: 400,
      body: { error: "ERR failed to parse command" },
    });
    expect(await post("/", ["get"])).toEqual({
      status: 400,
      body: { error: "ERR wrong number of arguments for 'get' command" },
    });
    expect(await post("/", ["flushall"])).toEqual({
      status: 400,
      body: { error: "ERR unknown command 'flushall'" },
    });
    expect(await post("/", ["incr", "k", "extra"])).toMatchObject({ status: 400 });
  });

  it("refuses an empty pipeline, and answers each command of a pipeline on its own", async () => {
    expect(await post("/pipeline", [])).toEqual({
      status: 400,
      body: { error: "ERR a pipeline is a non-empty array of commands" },
    });
    expect(
      await post("/pipeline", [
        ["set", "n", "x"],
        ["incr", "n"],
        ["get", "n"],
      ]),
    ).toEqual({
      status: 200,
      body: [{ result: "OK" }, { error: "ERR value is not an integer or out of range" }, { result: "x" }],
    });
  });
});
