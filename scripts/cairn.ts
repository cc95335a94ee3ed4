/**
 * The `cairn` CLI: `npm run cairn -- <command> [args…]`.
 * Each command lives in scripts/commands/<command>.ts and exports `run(args): Promise<number>`
 * (the exit code), a one-line `summary` and its `usage`. Commands run the same kernel code as the
 * Worker.
 *
 * Help is answered here, the same way for every command: `cairn --help` lists the commands,
 * `cairn <command> --help` (or `-h`, anywhere in its arguments) prints the command's usage, or
 * what its `help(args)` says for a subcommand. A command that throws ends in one line naming the
 * command and the error, never a stack trace (CAIRN_DEBUG=1 shows it).
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface CommandModule {
  run(args: string[]): Promise<number>;
  summary: string;
  usage: string;
  /** Help for a subcommand (`channels telegram --help`); the command's usage when absent. */
  help?(args: string[]): string;
}

const commandsDir = path.join(import.meta.dirname, "commands");
const COMMAND_NAME = /^[a-z][a-z0-9-]*$/;
const isHelp = (arg: string) => arg === "--help" || arg === "-h";

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((file) => file.endsWith(".ts"))
    .map((file) => file.slice(0, -3))
    .filter((name) => COMMAND_NAME.test(name))
    .sort();
}

async function load(name: string): Promise<CommandModule> {
  return (await import(pathToFileURL(path.join(commandsDir, `${name}.ts`)).href)) as CommandModule;
}

async function overview(): Promise<string> {
  const names = commandNames();
  const width = Math.max(...names.map((name) => name.length));
  const lines = await Promise.all(
    names.map(async (name) => `  ${name.padEnd(width)}  ${(await load(name)).summary}`),
  );
  return `usage: npm run cairn -- <command> [args…]\n\ncommands:\n${lines.join("\n")}\n\nnpm run cairn -- <command> --help shows a command's usage.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || isHelp(name)) {
    const text = await overview();
    if (name) console.log(text);
    else console.error(text);
    return name ? 0 : 2;
  }
  if (!COMMAND_NAME.test(name) || !existsSync(path.join(commandsDir, `${name}.ts`))) {
    console.error(`cairn: unknown command "${name}"; the commands are: ${commandNames().join(", ")}`);
    return 2;
  }
  const command = await load(name);
  if (args.some(isHelp)) {
    console.log(command.help ? command.help(args.filter((arg) => !isHelp(arg))) : command.usage);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    console.error(`cairn ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (process.env.CAIRN_DEBUG === "1" && error instanceof Error) console.error(error.stack);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
