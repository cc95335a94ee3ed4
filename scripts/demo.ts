/**
 * `npm run demo`: drives a running `npm start` the way Telegram would. It posts real-shaped
 * updates (secret header included) to the webhook, plays the Bot API for the replies, presses
 * the Approve button like a person would, and prints a readable timeline and the audit trail.
 * No network and no keys.
 */
import { type BotCall, startFakeTelegram } from "./local/fake-telegram-server";
import { BASE_URL, type DemoState, readDemoState } from "./local/state";

const TIMEOUT_MS = 20_000;
const started = Date.now();
const calls: BotCall[] = [];
let waiters: Array<() => void> = [];

function stamp(): string {
  return `+${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
}

function show(who: string, text: string) {
  const [first, ...rest] = text.split("\n");
  console.log(`${stamp()}  ${who.padEnd(10)} ${first}`);
  for (const line of rest) console.log(`${" ".repeat(19)}${line}`);
}

async function nextCall(predicate: (call: BotCall) => boolean, from: number): Promise<BotCall> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const found = calls.slice(from).find(predicate);
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error("no reply from Cairn in time: is `npm start` running and healthy?");
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 250);
    });
  }
}

function user(state: DemoState) {
  return {
    id: Number(state.approverId),
    is_bot: false,
    first_name: "Dana",
    last_name: "Owner",
    username: "dana",
  };
}

let updateId = Math.floor(Date.now() / 1000) * 100;

async function postUpdate(state: DemoState, update: Record<string, unknown>) {
  const response = await fetch(`${BASE_URL}/webhooks/telegram/${state.tenantId}`, {
    method: "POST",
    headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": state.webhookSecret },
    body: JSON.stringify(update),
  });
  if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
}

async function say(state: DemoState, text: string): Promise<BotCall> {
  const from = calls.length;
  const id = ++updateId;
  show("you", text);
  await postUpdate(state, {
    update_id: id,
    message: {
      message_id: id,
      from: user(state),
      chat: { id: state.chatId, type: "private", first_name: "Dana" },
      date: Math.floor(Date.now() / 1000),
      text,
    },
  });
  return nextCall((call) => call.method === "sendMessage", from);
}

async function press(state: DemoState, label: string, data: string, messageId: number): Promise<BotCall> {
  const from = calls.length;
  const id = ++updateId;
  show("you", `[presses ${label}]`);
  await postUpdate(state, {
    update_id: id,
    callback_query: {
      id: `cb${id}`,
      from: user(state),
      message: {
        message_id: messageId,
        chat: { id: state.chatId, type: "private" },
        date: Math.floor(Date.now() / 1000),
        text: "Approval needed",
      },
      chat_instance: "demo-chat-instance",
      data,
    },
  });
  const answer = await nextCall((call) => call.method === "answerCallbackQuery", from);
  show("telegram", `button answered: ${String(answer.body.text)}`);
  return nextCall((call) => call.method === "sendMessage", from);
}

function botSaid(call: BotCall) {
  show("cairn", String(call.body.text));
  const keyboard = (
    call.body.reply_markup as { inline_keyboard?: Array<Array<{ text: string }>> } | undefined
  )?.inline_keyboard;
  if (keyboard)
    show(
      "",
      `buttons: ${keyboard
        .flat()
        .map((b) => `[${b.text}]`)
        .join(" ")}`,
    );
}

async function main() {
  const state = readDemoState();
  if (!state)
    throw new Error("no demo tenant found: run `npm start` first (it seeds one into an empty database)");
  const health = await fetch(`${BASE_URL}/health`).catch(() => null);
  if (!health?.ok) throw new Error(`Cairn is not answering at ${BASE_URL}: start it with \`npm start\``);

  const server = await startFakeTelegram(state.telegramPort, state.botToken, (call) => {
    calls.push(call);
    for (const wake of waiters) wake();
    waiters = [];
  });
  console.log(
    `Cairn demo against ${BASE_URL}, tenant "${state.tenantId}" (Telegram played on 127.0.0.1:${state.telegramPort})\n`,
  );
  try {
    botSaid(await say(state, "hello"));
    const proposal = await say(
      state,
      "run echo 'Invoice 2024-031: 1,250.00 EUR overdue 12 days' > overdue.txt",
    );
    botSaid(proposal);
    const approve = (
      proposal.body.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }
    ).inline_keyboard[0]?.find((button) => button.text === "Approve");
    if (!approve) throw new Error("the proposal came without an Approve button");
    botSaid(await press(state, "Approve", approve.callback_data, proposal.messageId ?? 0));
    botSaid(await say(state, "run cat overdue.txt"));
    botSaid(await say(state, "run rm -rf /workspace"));

    const audit = await fetch(`${BASE_URL}/api/audit?limit=30`, {
      headers: { Authorization: `Bearer ${state.adminToken}` },
    });
    const { entries } = (await audit.json()) as {
      entries: Array<{ at: number; actor: string; action: string; subjectId: string | null }>;
    };
    console.log("\nAudit trail (oldest first):");
    for (const entry of entries.reverse()) {
      console.log(
        `  ${new Date(entry.at).toISOString()}  ${entry.action.padEnd(26)} ${entry.actor.padEnd(28)} ${entry.subjectId ?? ""}`,
      );
    }
  } finally {
    server.close();
  }
}

main().catch((error) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
