/**
 * `npm run cairn -- channels <platform> <action> …`: set up a platform's webhook from the command
 * line, for the platforms whose adapter offers it (Telegram: connect, disconnect, info).
 */
import type { ChannelSetupDeps } from "../../channels/adapter";
import { channelAdapter, channelPlatforms } from "../../channels/registry";
import { randomSecret } from "../../kernel/ids";

export const summary = "connect, disconnect or inspect a tenant's channel webhook from the command line";

function withSetup(): string[] {
  return channelPlatforms().filter((platform) => channelAdapter(platform)?.setup);
}

export const usage = `usage: npm run cairn -- channels <${withSetup().join("|")}> <action> [options]
  npm run cairn -- channels <platform> --help shows a platform's actions and options.
  Other platforms are connected with PUT /api/channels/<platform> (docs/channels.md).`;

/** `channels <platform> --help`: that platform's set-up usage. */
export function help(args: string[]): string {
  const setup = args[0] ? channelAdapter(args[0])?.setup : undefined;
  return setup ? setup.usage : usage;
}

export async function runWith(args: string[], deps: ChannelSetupDeps): Promise<number> {
  const [platform, ...rest] = args;
  const setup = platform ? channelAdapter(platform)?.setup : undefined;
  if (!setup) {
    deps.err(
      `unknown platform ${platform ?? "(none)"}: only ${withSetup().join(", ")} ${withSetup().length === 1 ? "is" : "are"} managed from the CLI\n${usage}`,
    );
    return 2;
  }
  return setup.run(rest, deps);
}

export function run(args: string[]): Promise<number> {
  return runWith(args, {
    fetch,
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    secret: () => randomSecret(32),
  });
}
