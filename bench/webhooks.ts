/**
 * Over 400 lines on purpose: one run's set-up, load, measurement and report read top to bottom.
 *
 * `npm run bench:webhooks`: a burst of Telegram and Slack webhooks against `wrangler dev`.
 *
 * Starts a local stand-in for both platforms' APIs and `wrangler dev` (workerd, local D1, Durable
 * Objects, Queues) on free loopback ports with a fresh persist dir, applies the migrations and
 * seeds a bench tenant; then a second process sends 2,000 webhooks (half Telegram, half Slack) at
 * 250 requests/s. Reported: acknowledgement latency (p50/p95/p99/max) and, end to end, how many
 * updates got no answer (lost) or more than one (duplicated). Bounded: 2,000 requests, and at most
 * DRAIN_LIMIT_MS for the answers. Every run is appended to bench/results/webhooks-runs.jsonl and
 * bench/results/webhooks[-mode].{json,md} are rendered from all comparable runs in that log:
 * median and worst of the runs, each run with its load average (bench/webhooks-report.ts).
 * `--render` re-renders the three reports from the log without running anything.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { slackSignature } from "../channels/slack/signature";
import { parseAgentDefinition } from "../kernel/agents/load";
import { sha256Hex } from "../kernel/digest";
import { seal } from "../kernel/secret-box";
import { seedToSql } from "../scripts/local/seed-sql";
import { ROOT } from "../scripts/local/state";
import { buildTenantSeed } from "../scripts/local/tenant-seed";
import { runWrangler, WRANGLER } from "../scripts/local/wrangler";
import { cpuBetween, snapshotCpu } from "./process-cpu";
import { startPlatformFakes } from "./webhooks-fakes";
import {
  appendRun,
  comparableRuns,
  readRuns,
  runMet,
  type WebhookMode,
  type WebhookRun,
  writeWebhooksResults,
} from "./webhooks-report";

const TOTAL = Number(process.env.BENCH_WEBHOOKS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 250);
const DRAIN_LIMIT_MS = Number(process.env.BENCH_DRAIN_LIMIT_MS ?? 600_000);
/**
 * What each webhook says. By default `/help`: a model-free command, so the burst measures the
 * channel layer (verify, enqueue, dedup, gate, outbox, send) and not the agent turn behind it.
 * BENCH_TEXT=plain sends ordinary messages, each answered by a full (offline-provider) turn.
 */
const PLAIN = process.env.BENCH_TEXT === "plain";
/**
 * The Worker's LOG_LEVEL for the run (default "info", as deployed). Under `wrangler dev` every log
 * line is relayed to the dev server's Node process, which shares this machine's two cores with
 * workerd; BENCH_LOG_LEVEL=warn measures the same path without that relay.
 */
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
/**
 * BENCH_MODE=gateway-only runs the same Worker with its inbound queue redirected to a sink Worker
 * (a generated copy of wrangler.toml, see writeSinkConfig): the acknowledgement path alone, no
 * consumer behind it competing for workerd's one thread. Updates are then not answered, so lost/duplicated are not
 * counted; the default mode (full) measures everything.
 */
const MODE = (process.env.BENCH_MODE ?? "full") as WebhookMode;
if (!["full", "gateway-only", "floor"].includes(MODE))
  throw new Error(`BENCH_MODE must be full, gateway-only or floor, not ${MODE}`);
/** gateway-only and floor: the inbound queue goes to a sink, no consumer runs, nothing is answered. */
const WITHOUT_CONSUMERS = MODE !== "full";
/**
 * BENCH_MODE=floor sends the same burst to a path no route serves (404 from the router, nothing
 * read or enqueued): what \`wrangler dev\` itself costs per request on this machine, the floor
 * under any handler's acknowledgement latency.
 */
const FLOOR = MODE === "floor";
/**
 * wrangler dev's local observability (on by default since wrangler 4.16x) streams every invocation
 * of the Worker, its Durable Objects and its queue consumers to a trace collector that writes them
 * to SQLite, on the same workerd thread as the Worker. It feeds the local dashboard; nothing like
 * it runs in a deployed Worker's request path. Off for the bench unless
 * BENCH_LOCAL_OBSERVABILITY=on (docs/channels.md has both measurements).
 */
const LOCAL_OBSERVABILITY = process.env.BENCH_LOCAL_OBSERVABILITY === "on";
/**
 * The dev server's own switches for the run, recorded in the report. WRANGLER_WRITE_LOGS=false:
 * wrangler otherwise appends every line the Worker logs to a debug file of its own, opening and
 * closing it each time, in the Node process that relays those lines.
 */
const DEV_SERVER_ENV = {
  X_LOCAL_OBSERVABILITY: String(LOCAL_OBSERVABILITY),
  WRANGLER_WRITE_LOGS: "false",
};
/** After every update is answered, keep listening this long for a late duplicate. */
const SETTLE_MS = 5_000;
const PERSIST = path.join(ROOT, ".wrangler", "bench-state");
const TENANT = "bench";
const TEAM = "T0BENCH01";
const TELEGRAM_TOKEN = `700000001:${randomBytes(18).toString("base64url")}`;
const SLACK_TOKEN = `xoxb-bench-${randomBytes(12).toString("hex")}`;
const WEBHOOK_SECRET = randomBytes(24).toString("base64url");
const SIGNING_SECRET = randomBytes(16).toString("hex");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;

async function seedSql(encryptionKey: string, fakeBase: string): Promise<string> {
  const load = (id: string) =>
    parseAgentDefinition(readFileSync(path.join(ROOT, "agents", `${id}.yaml`), "utf8"), `agents/${id}.yaml`);
  const now = Date.now();
  const seed = await buildTenantSeed({
    tenantId: TENANT,
    name: "Bench Ltd",
    adminToken: randomBytes(24).toString("base64url"),
    telegram: {
      webhookSecret: WEBHOOK_SECRET,
      botToken: TELEGRAM_TOKEN,
      apiBase: fakeBase,
      approvers: [],
      agentId: "operations",
    },
    agents: [load("operations"), load("finance")],
    encryptionKey,
    now,
  });
  // Anyone may talk to the bench bot: the gate still runs, it just admits every sender.
  seed.channel.config = { apiBase: fakeBase, approvers: [], senderPolicy: "open" };
  const slackChannel = `ch_${TENANT}_slack`;
  const slackSecrets = await seal(
    JSON.stringify({ signingSecret: SIGNING_SECRET, clientSecret: "bench-client-secret" }),
    TENANT,
    encryptionKey,
  );
  const slackConfig = JSON.stringify({
    apiBase: `${fakeBase}/api`,
    approvers: [],
    senderPolicy: "open",
    slackClientId: "1.2",
  });
  return [
    seedToSql(seed),
    `INSERT INTO channels (id, tenant_id, kind, agent_id, webhook_secret_hash, credentials_sealed, config, created_at) VALUES (${sqlText(slackChannel)}, ${sqlText(TENANT)}, 'slack', 'operations', ${sqlText(await sha256Hex(SIGNING_SECRET))}, ${sqlText(slackSecrets)}, ${sqlText(slackConfig)}, ${now});`,
    `INSERT INTO slack_installations (tenant_id, team_id, team_name, channel_id, bot_user_id, app_id, scopes, bot_token_sealed, installed_by, installed_at) VALUES (${sqlText(TENANT)}, ${sqlText(TEAM)}, 'Bench', ${sqlText(slackChannel)}, 'U0BENCHBOT', 'A0BENCH', 'chat:write', ${sqlText(await seal(SLACK_TOKEN, TENANT, encryptionKey))}, 'U0OWNER', ${now});`,
  ].join("\n");
}

/** Half Telegram (one private chat per update), half Slack (one channel per event), interleaved. */
function plannedRequests(base: string) {
  const requests: Array<{
    url: string;
    headers: Record<string, string>;
    body: string;
    slackSecret?: string;
  }> = [];
  for (let i = 0; i < TOTAL; i++) {
    if (i % 2 === 0) {
      const chat = 900_000_000 + i;
      const update = {
        update_id: 100_000 + i,
        message: {
          message_id: 1,
          from: { id: chat, is_bot: false, first_name: "Bench", language_code: "en" },
          chat: { id: chat, first_name: "Bench", type: "private" },
          date: 1764000000,
          text: PLAIN ? `hello from bench update ${i}` : "/help",
          ...(PLAIN ? {} : { entities: [{ offset: 0, length: 5, type: "bot_command" }] }),
        },
      };
      requests.push({
        url: `${base}/webhooks/telegram/${TENANT}`,
        headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET },
        body: JSON.stringify(update),
      });
    } else {
      const ts = `1764000000.${String(i).padStart(6, "0")}`;
      const envelope = {
        token: "bench",
        team_id: TEAM,
        api_app_id: "A0BENCH",
        event: {
          type: "app_mention",
          user: `U0B${String(i).padStart(7, "0")}`,
          text: PLAIN ? `<@U0BENCHBOT> hello from bench event ${i}` : "<@U0BENCHBOT> /help",
          ts,
          // One channel per event, as Telegram has one chat per update: Slack allows about one
          // post per second per channel and the outbound pacer keeps to it, so a thousand
          // mentions in one channel would take a thousand seconds to answer by design.
          channel: `C0B${String(i).padStart(7, "0")}`,
          event_ts: ts,
        },
        type: "event_callback",
        event_id: `Ev0BENCH${i}`,
        event_time: 1764000000,
      };
      requests.push({
        url: `${base}/webhooks/slack/${TENANT}/events`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(envelope),
        slackSecret: SIGNING_SECRET,
      });
    }
  }
  return requests;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
const round = (ms: number) => Math.round(ms * 10) / 10;

async function waitForHealth(base: string, deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`wrangler dev did not answer ${base}/health in time`);
}

async function stop(child: ChildProcess | undefined) {
  if (!child?.pid || child.exitCode !== null) return;
  // wrangler was started as its own process group (detached): end it and its workerd, only those.
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  const exited = new Promise((resolve) => child.once("exit", resolve));
  signal("SIGINT");
  const timeout = new Promise((resolve) => setTimeout(resolve, 8_000, "timeout"));
  if ((await Promise.race([exited, timeout])) === "timeout") signal("SIGKILL");
}

const WARM_UP = 2;

/**
 * One Telegram update and one Slack event, answered end to end before the burst, outside the
 * counted keys: the first request after start loads the bundle and creates the local databases,
 * which is start-up time, not acknowledgement latency.
 */
async function warmUp(base: string, counts: { total(): number }) {
  const warm = plannedRequests(base)
    .slice(0, WARM_UP)
    .map((request) => ({
      ...request,
      // Other chat, thread, update_id and event_id than any counted request, so nothing dedups against them.
      body: request.body
        .replaceAll("900000000", "800000000")
        .replaceAll('"update_id":100000', '"update_id":99999')
        .replaceAll("1764000000.000001", "1763999999.000001")
        .replaceAll("Ev0BENCH1", "Ev0WARMUP1"),
    }));
  for (const request of warm) {
    const headers = { ...request.headers };
    if (request.slackSecret) {
      const timestamp = String(Math.floor(Date.now() / 1000));
      headers["X-Slack-Request-Timestamp"] = timestamp;
      headers["X-Slack-Signature"] = await slackSignature(request.slackSecret, timestamp, request.body);
    }
    const response = await fetch(request.url, { method: "POST", headers, body: request.body });
    if (!response.ok)
      throw new Error(`warm-up request answered ${response.status}: ${await response.text()}`);
  }
  const deadline = Date.now() + 60_000;
  // Without consumers nothing answers: the warm-up then only loads the bundle and the databases.
  while (!WITHOUT_CONSUMERS && counts.total() < WARM_UP) {
    if (Date.now() > deadline) throw new Error("the warm-up requests were not answered within 60 s");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  rmSync(PERSIST, { recursive: true, force: true });
  mkdirSync(PERSIST, { recursive: true });
  const encryptionKey = randomBytes(32).toString("base64");
  const [fakePort, port, inspectorPort] = [await freePort(), await freePort(), await freePort()];
  const fakeBase = `http://127.0.0.1:${fakePort}`;
  const base = `http://127.0.0.1:${port}`;
  const fakes = await startPlatformFakes(fakePort, { telegram: TELEGRAM_TOKEN, slack: SLACK_TOKEN });

  console.log(`applying migrations and seeding the bench tenant in ${path.relative(ROOT, PERSIST)}…`);
  await runWrangler(["d1", "migrations", "apply", "cairn", "--local", "--persist-to", PERSIST], {
    quiet: true,
  });
  const seedFile = path.join(PERSIST, "bench-seed.sql");
  writeFileSync(seedFile, await seedSql(encryptionKey, fakeBase));
  await runWrangler(["d1", "execute", "cairn", "--local", "--persist-to", PERSIST, "--file", seedFile], {
    quiet: true,
  });

  const configArgs = WITHOUT_CONSUMERS ? writeSinkConfig().flatMap((file) => ["--config", file]) : [];
  let dev: ChildProcess | undefined;
  const devLog = openSync(path.join(PERSIST, "wrangler-dev.log"), "w");
  try {
    dev = spawn(
      WRANGLER,
      [
        "dev",
        ...configArgs,
        "--local",
        "--ip",
        "127.0.0.1",
        "--port",
        String(port),
        "--inspector-port",
        String(inspectorPort),
        "--persist-to",
        PERSIST,
        "--var",
        `CAIRN_ENCRYPTION_KEY:${encryptionKey}`,
        "--var",
        "CAIRN_ENV:bench",
        "--var",
        `LOG_LEVEL:${LOG_LEVEL}`,
        // The burst is one tenant at 250/s: keep the ingress guard in the path (it is part of
        // what an acknowledgement costs) with a tenant budget the burst cannot reach.
        "--var",
        `INGRESS_TENANT_LIMIT:${TOTAL * 4}`,
        "--show-interactive-dev-session=false",
        "--log-level",
        "error",
      ],
      // The Worker's logs go to a file in the persist dir: read it when a run loses messages.
      {
        cwd: ROOT,
        stdio: ["ignore", devLog, devLog],
        detached: true,
        env: { ...process.env, ...DEV_SERVER_ENV },
      },
    );
    await waitForHealth(base, Date.now() + 90_000);
    await warmUp(base, fakes.counts);
    const planFile = path.join(PERSIST, "bench-plan.json");
    const planned = plannedRequests(base).map((request) =>
      FLOOR ? { ...request, url: `${base}/no-such-route/${TENANT}` } : request,
    );
    writeFileSync(planFile, JSON.stringify({ rate: RATE, requests: planned }));

    console.log(`sending ${TOTAL} webhooks at ${RATE}/s from a second process…`);
    const loadStarted = Date.now();
    const startedAt = new Date(loadStarted).toISOString();
    const loadAverageAtStart = os.loadavg()[0];
    const cpuBefore = snapshotCpu(dev.pid ? [dev.pid] : []);
    const benchCpuBefore = process.cpuUsage();
    const load = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        path.join(ROOT, "node_modules", ".bin", "tsx"),
        [path.join(ROOT, "bench", "webhooks-load.ts"), planFile],
        {
          cwd: ROOT,
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
      });
      child.on("close", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`load generator exited with ${code}`)),
      );
    });
    const result = JSON.parse(load.trim().split("\n").at(-1)!) as {
      latencies: number[];
      statuses: Record<string, number>;
      sendWindowMs: number;
      totalMs: number;
      cpuSeconds: number;
    };
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const burstCpu = cpuBetween(cpuBefore, snapshotCpu(dev.pid ? [dev.pid] : []), Date.now() - loadStarted, [
      { role: "node: load generator", seconds: result.cpuSeconds },
      { role: "node: bench and platform stand-ins", seconds: (benchCpu.user + benchCpu.system) / 1e6 },
    ]);

    console.log("waiting for every update's answer…");
    const drainDeadline = Date.now() + DRAIN_LIMIT_MS;
    while (!WITHOUT_CONSUMERS && fakes.counts.total() < TOTAL + WARM_UP && Date.now() < drainDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainedMs = Date.now() - loadStarted;
    if (!WITHOUT_CONSUMERS) await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    let lost = 0;
    let duplicated = 0;
    for (let i = 0; i < TOTAL; i++) {
      const n =
        i % 2 === 0
          ? (fakes.counts.telegram.get(String(900_000_000 + i)) ?? 0)
          : (fakes.counts.slack.get(`1764000000.${String(i).padStart(6, "0")}`) ?? 0);
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    const sorted = [...result.latencies].sort((a, b) => a - b);
    const run: WebhookRun = {
      mode: MODE,
      date: startedAt,
      commit: measuredCommit(),
      requests: TOTAL,
      messages: PLAIN ? "plain text (full agent turn, offline provider)" : "/help (model-free command)",
      targetRatePerSecond: RATE,
      achievedRatePerSecond: Math.round((TOTAL / result.sendWindowMs) * 1000),
      logLevel: LOG_LEVEL,
      localObservability: LOCAL_OBSERVABILITY,
      acknowledgements: result.statuses,
      ackLatencyMs: {
        p50: round(percentile(sorted, 50)),
        p95: round(percentile(sorted, 95)),
        p99: round(percentile(sorted, 99)),
        max: round(sorted.at(-1) ?? Number.NaN),
      },
      endToEnd: WITHOUT_CONSUMERS
        ? null
        : {
            answered: TOTAL - lost,
            lost,
            duplicated,
            rejectedByFakes: fakes.counts.rejected,
            allAnsweredWithinMs: fakes.counts.total() >= TOTAL + WARM_UP ? drainedMs : null,
          },
      /** CPU seconds per process from the first request to the last acknowledgement. */
      burstCpu,
      environment: {
        loadAverage1mAtStart: Math.round((loadAverageAtStart ?? 0) * 100) / 100,
        loadAverage1mAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
        node: process.version,
        cpus: os.cpus().length,
        platform: `${os.platform()} ${os.arch()}`,
        runtime: "wrangler dev --local (workerd)",
        devServerEnv: DEV_SERVER_ENV,
      },
    };
    // Every run is kept, good or bad; the reports are rendered from all of them.
    appendRun(ROOT, run);
    writeWebhooksResults(ROOT, run);
    console.log(JSON.stringify(run, null, 2));
    process.exitCode = runMet(run) ? 0 : 1;
  } finally {
    await stop(dev);
    fakes.server.close();
    if (WITHOUT_CONSUMERS) rmSync(SINK_CONFIG, { force: true });
  }
}

/**
 * wrangler.toml with the inbound queue redirected to a sink, written beside wrangler.toml (its
 * paths stay relative to the root) and removed when the run ends; plus the sink: a second Worker
 * in the same dev session (wrangler dev takes several --config) whose queue handler acknowledges
 * every batch. The broker stays local, as in full mode, and nothing throws: a failed batch would
 * make wrangler's Node process source-map the error's stack, which costs it about 0.3 s each.
 */
const SINK_CONFIG = path.join(ROOT, "wrangler.bench-sink.toml");
const SINK_QUEUE = "cairn-bench-sink";
function writeSinkConfig(): string[] {
  const config = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  const producer = 'binding = "INBOUND_QUEUE"\nqueue = "cairn-inbound"';
  if (!config.includes(producer))
    throw new Error("wrangler.toml has no INBOUND_QUEUE producer for cairn-inbound");
  const redirected = config
    .replace(producer, `binding = "INBOUND_QUEUE"\nqueue = "${SINK_QUEUE}"`)
    .replace(/\[\[queues\.consumers\]\][^[]*/g, "");
  writeFileSync(
    SINK_CONFIG,
    `# Generated by bench/webhooks.ts (BENCH_MODE=gateway-only or floor); safe to delete.\n${redirected}`,
  );
  const sinkDir = path.join(PERSIST, "sink");
  mkdirSync(sinkDir, { recursive: true });
  writeFileSync(
    path.join(sinkDir, "index.js"),
    "export default { async queue(batch) { batch.ackAll(); }, fetch() { return new Response(null, { status: 404 }); } };\n",
  );
  writeFileSync(
    path.join(sinkDir, "wrangler.toml"),
    [
      'name = "cairn-bench-sink"',
      'main = "index.js"',
      'compatibility_date = "2026-11-01"',
      "[[queues.consumers]]",
      `queue = "${SINK_QUEUE}"`,
      "max_batch_size = 100",
      "max_batch_timeout = 1",
      "",
    ].join("\n"),
  );
  return [SINK_CONFIG, path.join(sinkDir, "wrangler.toml")];
}

/** The commit measured, with "+dirty" if the work tree has changes; null outside git. */
function measuredCommit(): string | null {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT })
      .toString()
      .trim();
    return dirty ? `${commit}+dirty` : commit;
  } catch {
    return null;
  }
}

/** `--render`: the three reports again from the runs log, nothing measured. */
function renderOnly(): void {
  const runs = readRuns(ROOT);
  for (const mode of ["full", "gateway-only", "floor"] as const) {
    const latest = runs.filter((run) => run.mode === mode).at(-1);
    if (latest) writeWebhooksResults(ROOT, latest);
    if (latest) console.log(`${mode}: ${comparableRuns(runs, latest).length} run(s)`);
  }
}

if (process.argv.includes("--render")) renderOnly();
else
  main().catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
