/**
 * The bench's load generator, run as its own process so the measuring side does not share an
 * event loop with the fakes: sends the planned webhooks open-loop at a fixed rate (a slow answer
 * never delays the next request), and prints one JSON line with every acknowledgement latency.
 *
 * Input (argv[2]): a JSON file `{ rate, requests: [{ url, headers, body, slack? }] }`; Slack
 * requests are signed at send time, so their timestamps are fresh.
 */
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { slackSignature } from "../channels/slack/signature";

interface Planned {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Slack signing secret: sign this request just before sending it. */
  slackSecret?: string;
}

const plan = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { rate: number; requests: Planned[] };
const latencies: number[] = [];
const statuses: Record<string, number> = {};
const interval = 1000 / plan.rate;
const started = performance.now();
/**
 * node:http with kept-alive sockets rather than fetch: undici's fetch costs about a millisecond of
 * CPU per request here, and a load generator that is itself busy adds its own delay to every
 * latency it measures.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      url,
      { method: "POST", agent, headers: { ...headers, "content-length": String(Buffer.byteLength(body)) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

async function send(request: Planned): Promise<void> {
  const headers = { ...request.headers };
  if (request.slackSecret) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    headers["X-Slack-Request-Timestamp"] = timestamp;
    headers["X-Slack-Signature"] = await slackSignature(request.slackSecret, timestamp, request.body);
  }
  const t0 = performance.now();
  try {
    const status = await post(request.url, headers, request.body);
    latencies.push(performance.now() - t0);
    statuses[status] = (statuses[status] ?? 0) + 1;
  } catch (error) {
    statuses[`error: ${String(error).slice(0, 80)}`] =
      (statuses[`error: ${String(error).slice(0, 80)}`] ?? 0) + 1;
  }
}

const inFlight: Promise<void>[] = [];
for (const [i, request] of plan.requests.entries()) {
  const due = started + i * interval;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  inFlight.push(send(request));
}
const sentBy = performance.now() - started;
await Promise.all(inFlight);
agent.destroy();
const cpu = process.cpuUsage();
process.stdout.write(
  `${JSON.stringify({
    latencies,
    statuses,
    sendWindowMs: sentBy,
    totalMs: performance.now() - started,
    // This process's own CPU (start-up included): the bench reports it beside the dev server's.
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  })}\n`,
);
