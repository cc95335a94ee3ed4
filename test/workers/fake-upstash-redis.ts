/**
 * An Upstash Redis database faked at the HTTP boundary with its documented REST shapes
 * (https://upstash.com/docs/redis/features/restapi): Bearer auth; `POST <url>` with one command
 * as a JSON array → `{"result": …}` (or 400 `{"error": …}`); `POST <url>/pipeline` and
 * `<url>/multi-exec` with an array of commands → an array of `{"result": …}` / `{"error": …}`;
 * `Upstash-Encoding: base64` answers strings base64-encoded. Commands are the Redis ones the
 * ingress guard uses, with Redis's semantics and error texts, keys expiring on the fake's clock.
 * Written from the Redis documentation, not from the guard, so the contract suite compares two
 * implementations, not one with itself.
 */
import { HttpResponse, http } from "msw";
import { setupFetchNetwork } from "./msw-network";

export interface UpstashCall {
  path: string;
  authorization: string | null;
  body: unknown;
}

type Reply = { result: unknown } | { error: string };

class RedisError extends Error {}

export function createFakeUpstashRedis(options: { url: string; token: string }) {
  const store = new Map<string, { value: string; expiresAt?: number }>();
  const calls: UpstashCall[] = [];
  const failures: Array<"network" | 500> = [];
  let clock: () => number = () => Date.now();

  const live = (key: string) => {
    const entry = store.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= clock()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  const integer = (text: string, what = "value") => {
    if (!/^-?\d+$/.test(text)) throw new RedisError(`ERR ${what} is not an integer or out of range`);
    return Number(text);
  };
  const arity = (name: string, args: string[], min: number, max = min) => {
    if (args.length < min || args.length > max)
      throw new RedisError(`ERR wrong number of arguments for '${name}' command`);
  };
  const addBy = (key: string, by: number) => {
    const entry = live(key);
    const next = (entry ? integer(entry.value) : 0) + by;
    store.set(key, {
      value: String(next),
      ...(entry?.expiresAt !== undefined ? { expiresAt: entry.expiresAt } : {}),
    });
    return next;
  };
  const expireAt = (key: string, at: number) => {
    const entry = live(key);
    if (!entry) return 0;
    if (at <= clock()) store.delete(key);
    else entry.expiresAt = at;
    return 1;
  };

  function run(command: unknown): unknown {
    if (!Array.isArray(command) || command.length === 0) throw new RedisError("ERR failed to parse command");
    const [rawName, ...rawArgs] = command as unknown[];
    const name = String(rawName).toLowerCase();
    const args = rawArgs.map((a) => (typeof a === "string" ? a : JSON.stringify(a)));
    switch (name) {
      case "get":
        arity(name, args, 1);
        return live(args[0]!)?.value ?? null;
      case "set": {
        if (args.length < 2) arity(name, args, 2);
        const [key, value, ...rest] = args as [string, string, ...string[]];
        let nx = false;
        let xx = false;
        let expiresAt: number | undefined;
        for (let i = 0; i < rest.length; i++) {
          const option = rest[i]!.toLowerCase();
          if (option === "nx") nx = true;
          else if (option === "xx") xx = true;
          else if (["ex", "px", "exat", "pxat"].includes(option)) {
            const amount = rest[++i];
            if (amount === undefined) throw new RedisError("ERR syntax error");
            const n = integer(amount);
            if (n <= 0) throw new RedisError("ERR invalid expire time in 'set' command");
            expiresAt =
              option === "ex"
                ? clock() + n * 1000
                : option === "px"
                  ? clock() + n
                  : option === "exat"
                    ? n * 1000
                    : n;
          } else throw new RedisError("ERR syntax error");
        }
        if (nx && xx) throw new RedisError("ERR syntax error");
        const exists = live(key) !== undefined;
        if ((nx && exists) || (xx && !exists)) return null;
        if (expiresAt !== undefined && expiresAt <= clock()) store.delete(key);
        else store.set(key, { value, ...(expiresAt !== undefined ? { expiresAt } : {}) });
        return "OK";
      }
      case "incr":
        arity(name, args, 1);
        return addBy(args[0]!, 1);
      case "decr":
        arity(name, args, 1);
        return addBy(args[0]!, -1);
      case "exists":
        arity(name, args, 1, Number.POSITIVE_INFINITY);
        return args.filter((key) => live(key) !== undefined).length;
      case "del":
        arity(name, args, 1, Number.POSITIVE_INFINITY);
        return args.filter((key) => live(key) !== undefined && store.delete(key)).length;
      case "pexpireat":
        arity(name, args, 2);
        return expireAt(args[0]!, integer(args[1]!));
      case "pexpire":
        arity(name, args, 2);
        return expireAt(args[0]!, clock() + integer(args[1]!));
      case "pttl": {
        arity(name, args, 1);
        const entry = live(args[0]!);
        if (!entry) return -2;
        return entry.expiresAt === undefined ? -1 : entry.expiresAt - clock();
      }
      default:
        throw new RedisError(`ERR unknown command '${name}'`);
    }
  }

  const encode = (value: unknown, base64: boolean): unknown => {
    if (!base64) return value;
    if (typeof value === "string") return value === "OK" ? value : btoa(value);
    if (Array.isArray(value)) return value.map((v) => encode(v, base64));
    return value;
  };
  const reply = (command: unknown, base64: boolean): Reply => {
    try {
      return { result: encode(run(command), base64) };
    } catch (error) {
      if (error instanceof RedisError) return { error: error.message };
      throw error;
    }
  };

  const base = options.url.replace(/\/+$/, "").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const handle = (kind: "single" | "batch") =>
    http.post(
      kind === "single" ? new RegExp(`^${base}/?$`) : new RegExp(`^${base}/(pipeline|multi-exec)$`),
      async ({ request }) => {
        const body: unknown = await request.json().catch(() => undefined);
        calls.push({
          path: new URL(request.url).pathname,
          authorization: request.headers.get("authorization"),
          body,
        });
        const failure = failures.shift();
        if (failure === "network") return HttpResponse.error();
        if (failure === 500) return HttpResponse.json({ error: "ERR internal error" }, { status: 500 });
        if (request.headers.get("authorization") !== `Bearer ${options.token}`)
          return HttpResponse.json({ error: "WRONGPASS invalid or missing auth token" }, { status: 401 });
        const base64 = request.headers.get("upstash-encoding") === "base64";
        if (kind === "single") {
          const answer = reply(body, base64);
          return HttpResponse.json(answer, { status: "error" in answer ? 400 : 200 });
        }
        if (!Array.isArray(body) || body.length === 0 || !body.every(Array.isArray))
          return HttpResponse.json(
            { error: "ERR a pipeline is a non-empty array of commands" },
            { status: 400 },
          );
        return HttpResponse.json(body.map((command) => reply(command, base64)));
      },
    );

  return {
    server: setupFetchNetwork(handle("batch"), handle("single")),
    calls,
    /** Every command the fake received, in order, lower-cased names: `["incr", key]`. */
    commands: () =>
      calls.flatMap((call) => {
        const body = call.body as unknown[][];
        const list = call.path === "/" || call.path === "" ? [body as unknown as unknown[]] : body;
        return list.map(([name, ...args]) => [String(name).toLowerCase(), ...args]);
      }),
    /** The fake's clock, for expiries (defaults to Date.now). */
    setClock(now: () => number) {
      clock = now;
    },
    /** The next calls fail: a network error, or Upstash's 500. */
    failNext(...kinds: Array<"network" | 500>) {
      failures.push(...kinds);
    },
    reset() {
      store.clear();
      calls.length = 0;
      failures.length = 0;
      clock = () => Date.now();
    },
    keys: () => [...store.keys()].filter((key) => live(key) !== undefined),
  };
}
