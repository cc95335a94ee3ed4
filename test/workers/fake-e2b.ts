/**
 * A fake E2B at the HTTP boundary (MSW), answering as the real services do, so the real `e2b`
 * SDK runs unchanged against it:
 *
 * - the control plane (`https://api.e2b.app`): `POST /v2/sandboxes` (201, the Sandbox object),
 *   `POST /v2/sandboxes/:id/connect` (200, or 404 once the sandbox is gone) and
 *   `PUT /sandboxes/:id/network` (204), `X-API-KEY` checked. The egress settings of a create or
 *   network update (`allow_internet_access`, `network.allowOut` / `denyOut`) are checked as E2B
 *   documents them — allowOut: CIDRs, IPs or domain names (`*.example.com`, never a bare `*`);
 *   denyOut: CIDRs or IPs only — answered 400 otherwise, and kept on the sandbox;
 * - each sandbox's envd, reached as the SDK does outside browsers through E2B's edge at
 *   `https://sandbox.e2b.app` with `E2b-Sandbox-Id`/`E2b-Sandbox-Port: 49983` headers (or
 *   directly at `https://49983-<id>.e2b.app`): the Connect protocol with JSON codecs as
 *   the SDK speaks it: `process.Process/Start` (server stream of enveloped ProcessEvents:
 *   start, data with base64 bytes, end), `List` and `SendSignal` (unary JSON), with the sandbox's
 *   `X-Access-Token` checked. A gone sandbox answers 502 like E2B's edge proxy.
 *
 * Commands really run: each sandbox has a just-bash shell and filesystem, so what a command
 * writes is there for the next one. A command matching `hold(pattern)` keeps running (its
 * stream stays open, it is listed) until `finishHeld()` runs it or `killProcess()` ends it —
 * how a long build looks from outside. As in envd, a process that has exited is forgotten: its
 * output went to whoever was connected.
 */
import { Bash, InMemoryFs } from "just-bash/browser";
import { HttpResponse, http } from "msw";

const API = "https://api.e2b.app";
const ENVD = /^https:\/\/(?:sandbox|49983-([a-z0-9]+))\.e2b\.app\/(?:process\.Process\/([A-Za-z]+)|health)$/;
const END_STREAM = 0b10;

interface FakeProcess {
  pid: number;
  cmd: string;
  args: string[];
  envs: Record<string, string>;
  cwd: string;
  held: boolean;
  /** Connected streams waiting for this process's events. */
  listeners: Set<(events: unknown[]) => void>;
}

/** A sandbox's egress as the create or the last network update set it. */
export interface FakeSandboxNetwork {
  allowInternetAccess: boolean | undefined;
  allowOut: string[] | undefined;
  denyOut: string[] | undefined;
}

export interface FakeSandbox {
  id: string;
  alive: boolean;
  network: FakeSandboxNetwork;
  /** Seconds, as the last create/connect set it. */
  timeoutSeconds: number;
  metadata: Record<string, string>;
  accessToken: string;
  bash: Bash;
  processes: Map<number, FakeProcess>;
}

export interface EnvdCall {
  sandboxId: string;
  method: string;
  body: Record<string, unknown>;
}

function envelope(flags: number, message: unknown): Uint8Array {
  const data = new TextEncoder().encode(JSON.stringify(message));
  const framed = new Uint8Array(5 + data.length);
  framed[0] = flags;
  new DataView(framed.buffer).setUint32(1, data.length);
  framed.set(data, 5);
  return framed;
}

async function readEnvelope(request: {
  arrayBuffer(): Promise<ArrayBuffer>;
}): Promise<Record<string, unknown>> {
  const bytes = new Uint8Array(await request.arrayBuffer());
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(1);
  return JSON.parse(new TextDecoder().decode(bytes.slice(5, 5 + length))) as Record<string, unknown>;
}

function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

const event = (value: Record<string, unknown>) => ({ event: value });

/** What a finished process streams after its start event: output, then the end event. */
function outputEvents(result: { stdout: string; stderr: string; exitCode: number }): unknown[] {
  const events: unknown[] = [];
  if (result.stdout) events.push(event({ data: { stdout: base64(result.stdout) } }));
  if (result.stderr) events.push(event({ data: { stderr: base64(result.stderr) } }));
  events.push(
    event({
      end: {
        exitCode: result.exitCode,
        exited: true,
        status: `exit status ${result.exitCode}`,
      },
    }),
  );
  return events;
}

const cidr = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?$/;
const domain = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/i;

/**
 * The egress part of a body, or the 400 message E2B would answer: a create nests the lists
 * under `network` (NewSandbox), a network update has them at the top (SandboxNetworkUpdateConfig).
 */
function egressOf(body: Record<string, unknown>, shape: "create" | "update"): FakeSandboxNetwork | string {
  const network = (shape === "create" ? (body.network ?? {}) : body) as {
    allowOut?: unknown;
    denyOut?: unknown;
  };
  const access = body.allow_internet_access;
  if (access !== undefined && typeof access !== "boolean") return "allow_internet_access must be a boolean";
  const list = (
    value: unknown,
    name: string,
    valid: (entry: string) => boolean,
  ): string[] | string | undefined => {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return `network.${name} must be an array`;
    const bad = value.find((entry) => typeof entry !== "string" || !valid(entry));
    return bad === undefined ? (value as string[]) : `network.${name}: invalid entry ${JSON.stringify(bad)}`;
  };
  const allowOut = list(network.allowOut, "allowOut", (entry) => cidr.test(entry) || domain.test(entry));
  const denyOut = list(network.denyOut, "denyOut", (entry) => cidr.test(entry));
  if (typeof allowOut === "string") return allowOut;
  if (typeof denyOut === "string") return denyOut;
  return { allowInternetAccess: access as boolean | undefined, allowOut, denyOut };
}

function connectError(status: number, code: string, message: string) {
  return HttpResponse.json({ code, message }, { status });
}

export function createFakeE2B(apiKey: string) {
  const sandboxes = new Map<string, FakeSandbox>();
  const calls: EnvdCall[] = [];
  /** Every accepted create body and network update, in order, as the SDK sent them. */
  const creates: Record<string, unknown>[] = [];
  const networkUpdates: { sandboxId: string; body: Record<string, unknown> }[] = [];
  const holds: RegExp[] = [];
  /** While set, every request is answered 503, as during an E2B outage. */
  const outage = { on: false };
  let nextSandbox = 1;
  let nextPid = 100;

  const sandboxBody = (sandbox: FakeSandbox) => ({
    templateID: "base",
    sandboxID: sandbox.id,
    alias: "base",
    clientID: "fake-client",
    envdVersion: "0.4.2",
    envdAccessToken: sandbox.accessToken,
    trafficAccessToken: null,
    domain: null,
  });

  const authorized = (request: { headers: Headers }) => request.headers.get("X-API-KEY") === apiKey;
  const unavailable = () => HttpResponse.json({ code: 503, message: "service unavailable" }, { status: 503 });
  const unauthorized = () => HttpResponse.json({ code: 401, message: "Invalid API key" }, { status: 401 });

  async function execute(sandbox: FakeSandbox, process: FakeProcess) {
    const script = process.args[process.args.indexOf("-c") + 1] ?? "";
    try {
      return await sandbox.bash.exec(script, { env: process.envs, cwd: process.cwd });
    } catch (error) {
      return { stdout: "", stderr: String(error), exitCode: 1 };
    }
  }

  async function finish(sandbox: FakeSandbox, process: FakeProcess) {
    const result = await execute(sandbox, process);
    sandbox.processes.delete(process.pid);
    for (const listener of process.listeners) listener(outputEvents(result));
  }

  function streamOf(process: FakeProcess, first: unknown[]): Response {
    let listener: ((events: unknown[]) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const message of first) controller.enqueue(envelope(0, message));
        listener = (events) => {
          for (const message of events) controller.enqueue(envelope(0, message));
          controller.enqueue(envelope(END_STREAM, {}));
          controller.close();
          if (listener) process.listeners.delete(listener);
        };
        process.listeners.add(listener);
      },
      cancel() {
        // The client disconnected: the process keeps running, as in envd.
        if (listener) process.listeners.delete(listener);
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "application/connect+json" } });
  }

  const handlers = [
    http.post(`${API}/v2/sandboxes`, async ({ request }) => {
      if (outage.on) return unavailable();
      if (!authorized(request)) return unauthorized();
      const body = (await request.json()) as {
        timeout?: number;
        metadata?: Record<string, string>;
      } & Record<string, unknown>;
      // NewSandbox: templateID is required, timeout a whole number of seconds, metadata strings only.
      if (typeof body.templateID !== "string" || body.templateID === "")
        return HttpResponse.json({ code: 400, message: "templateID is required" }, { status: 400 });
      if (body.timeout !== undefined && !(Number.isInteger(body.timeout) && body.timeout > 0))
        return HttpResponse.json(
          { code: 400, message: "timeout must be a positive integer" },
          { status: 400 },
        );
      if (
        body.metadata !== undefined &&
        (typeof body.metadata !== "object" ||
          Object.values(body.metadata ?? {}).some((value) => typeof value !== "string"))
      )
        return HttpResponse.json({ code: 400, message: "metadata values must be strings" }, { status: 400 });
      const network = egressOf(body, "create");
      if (typeof network === "string")
        return HttpResponse.json({ code: 400, message: network }, { status: 400 });
      creates.push(body);
      const fs = new InMemoryFs();
      fs.mkdirSync("/home/user", { recursive: true });
      const sandbox: FakeSandbox = {
        id: `isb${nextSandbox++}fake`,
        alive: true,
        network,
        timeoutSeconds: body.timeout ?? 300,
        metadata: body.metadata ?? {},
        accessToken: `envd-token-${nextSandbox}`,
        bash: new Bash({ fs, cwd: "/home/user", env: { HOME: "/home/user", USER: "user" } }),
        processes: new Map(),
      };
      sandboxes.set(sandbox.id, sandbox);
      return HttpResponse.json(sandboxBody(sandbox), { status: 201 });
    }),
    http.post(`${API}/v2/sandboxes/:id/connect`, async ({ request, params }) => {
      if (outage.on) return unavailable();
      if (!authorized(request)) return unauthorized();
      const sandbox = sandboxes.get(String(params.id));
      if (!sandbox?.alive)
        return HttpResponse.json({ code: 404, message: `sandbox "${params.id}" not found` }, { status: 404 });
      const body = (await request.json()) as { timeout?: number };
      if (body.timeout !== undefined) sandbox.timeoutSeconds = body.timeout;
      return HttpResponse.json(sandboxBody(sandbox), { status: 200 });
    }),
    http.put(`${API}/sandboxes/:id/network`, async ({ request, params }) => {
      if (outage.on) return unavailable();
      if (!authorized(request)) return unauthorized();
      const sandbox = sandboxes.get(String(params.id));
      if (!sandbox?.alive)
        return HttpResponse.json({ code: 404, message: `sandbox "${params.id}" not found` }, { status: 404 });
      const body = (await request.json()) as Record<string, unknown>;
      const network = egressOf(body, "update");
      if (typeof network === "string")
        return HttpResponse.json({ code: 400, message: network }, { status: 400 });
      networkUpdates.push({ sandboxId: sandbox.id, body });
      // The update replaces the rules: an omitted field is cleared.
      sandbox.network = network;
      return new HttpResponse(null, { status: 204 });
    }),
    http.all(ENVD, async ({ request }) => {
      const [, direct, method] = ENVD.exec(request.url) ?? [];
      const routed = request.headers.get("E2b-Sandbox-Port") === "49983";
      const id = direct ?? (routed ? (request.headers.get("E2b-Sandbox-Id") ?? "") : "");
      const sandbox = sandboxes.get(id);
      if (!sandbox?.alive) return new HttpResponse("The sandbox was not found", { status: 502 });
      if (!method) return new HttpResponse(null, { status: request.method === "GET" ? 204 : 405 });
      // Connect RPCs are POSTs only.
      if (request.method !== "POST")
        return connectError(405, "unimplemented", `${request.method} not allowed`);
      if (request.headers.get("X-Access-Token") !== sandbox.accessToken)
        return connectError(401, "unauthenticated", "invalid access token");
      const streaming = request.headers.get("content-type") === "application/connect+json";
      const body = streaming
        ? await readEnvelope(request)
        : ((await request.json()) as Record<string, unknown>);
      if (method === "Start" && typeof (body.process as { cmd?: unknown } | undefined)?.cmd !== "string")
        return connectError(400, "invalid_argument", "process.cmd is required");
      if (method === "SendSignal" && typeof (body.process as { pid?: unknown } | undefined)?.pid !== "number")
        return connectError(400, "invalid_argument", "process.pid is required");
      calls.push({ sandboxId: id, method, body });
      switch (method) {
        case "Start": {
          const config = body.process as {
            cmd: string;
            args?: string[];
            envs?: Record<string, string>;
            cwd?: string;
          };
          const process: FakeProcess = {
            pid: nextPid++,
            cmd: config.cmd,
            args: config.args ?? [],
            envs: config.envs ?? {},
            cwd: config.cwd ?? "/home/user",
            held: false,
            listeners: new Set(),
          };
          const texts = [...process.args, ...Object.values(process.envs)];
          process.held = holds.some((pattern) => texts.some((text) => pattern.test(text)));
          sandbox.processes.set(process.pid, process);
          const response = streamOf(process, [event({ start: { pid: process.pid } })]);
          if (!process.held) await finish(sandbox, process);
          return response;
        }
        case "List":
          return HttpResponse.json({
            processes: [...sandbox.processes.values()].map((process) => ({
              config: { cmd: process.cmd, args: process.args, envs: process.envs, cwd: process.cwd },
              pid: process.pid,
            })),
          });
        case "SendSignal": {
          const pid = (body.process as { pid?: number } | undefined)?.pid;
          const process = pid === undefined ? undefined : sandbox.processes.get(pid);
          if (!process) return connectError(404, "not_found", `process with pid ${pid} not found`);
          sandbox.processes.delete(process.pid);
          for (const listener of process.listeners)
            listener([event({ end: { exitCode: -1, exited: false, status: "signal: killed" } })]);
          return HttpResponse.json({});
        }
        default:
          return connectError(501, "unimplemented", `process.Process.${method} is not faked`);
      }
    }),
  ];

  return {
    handlers,
    sandboxes,
    calls,
    creates,
    networkUpdates,
    outage,
    /** Commands (or their environment values) matching `pattern` keep running until finished. */
    hold(pattern: RegExp) {
      holds.push(pattern);
    },
    /** Runs every held process now, as if each had just completed. */
    async finishHeld() {
      holds.length = 0;
      for (const sandbox of sandboxes.values())
        for (const process of [...sandbox.processes.values()])
          if (process.held) await finish(sandbox, process);
    },
    /** The process dies from outside (OOM killer, a restart): no exit status is written. */
    killProcess(sandboxId: string, pid: number) {
      sandboxes.get(sandboxId)?.processes.delete(pid);
    },
    /** The sandbox reached its end of life: connect answers 404, envd 502. */
    expireSandbox(sandboxId: string) {
      const sandbox = sandboxes.get(sandboxId);
      if (sandbox) sandbox.alive = false;
    },
    running(sandboxId: string): number[] {
      return [...(sandboxes.get(sandboxId)?.processes.keys() ?? [])];
    },
    reset() {
      sandboxes.clear();
      calls.length = 0;
      creates.length = 0;
      networkUpdates.length = 0;
      holds.length = 0;
      outage.on = false;
    },
  };
}

export type FakeE2B = ReturnType<typeof createFakeE2B>;
