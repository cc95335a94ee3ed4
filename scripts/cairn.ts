/**
 * The `cairn` CLI: `npm run cairn -- <command> [args…]`.
 * Each command lives in scripts/commands/<command>.ts and exports `run(args): Promise<number>`
 * (the exit code). Commands run the same kernel code as the Worker.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

interface CommandModule {
  run(args: string[]): Promise<number>;
  summary?: string;
}

const commandsDir = path.join(import.meta.dirname, "commands");

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === "help" || name === "--help") {
    console.log("usage: npm run cairn -- <command> [args…]\ncommands are the files in scripts/commands/");
    return name ? 0 : 2;
  }
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    console.error(`cairn: "${name}" is not a command name`);
    return 2;
  }
  const file = path.join(commandsDir, `${name}.ts`);
  if (!existsSync(file)) {
    console.error(`cairn: unknown command "${name}" (see scripts/commands/)`);
    return 2;
  }
  const command = (await import(pathToFileURL(file).href)) as CommandModule;
  return command.run(args);
}

process.exitCode = await main(process.argv.slice(2));
