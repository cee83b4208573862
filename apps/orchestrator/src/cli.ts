#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { commands } from './commands/index.js';
import type { Io } from './io.js';
import { EXIT } from './io.js';
import { redactSecrets } from './redact.js';

const USAGE = `tmsync — keep security threat models in shape across families of repositories

Usage: tmsync <command> [options]

Commands:
`;

/** Runs the CLI with arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const list = commands();
  const overview =
    USAGE +
    list.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n') +
    "\n\nRun `tmsync <command> --help` for a command's options.\n";
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    io.stdout('0.1.0\n');
    return EXIT.ok;
  }
  const entry = list.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`tmsync: unknown command "${name}". Run tmsync --help for the list.\n`);
    return EXIT.usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // A usage problem, an unreadable file, a forge that refused: one line, exit 2, no secret in it.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`tmsync ${name}: ${redactSecrets(message, io.env)}\n`);
    return EXIT.usage;
  }
}

function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

/** Runs the CLI on this process's arguments and streams, setting its exit code. */
export function runCli(): void {
  const io: Io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(redactSecrets(t, process.env)),
    cwd: process.cwd(),
    env: process.env,
    ...(process.stderr.isTTY ? { progressStream: process.stderr } : {}),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `tmsync: ${redactSecrets(error instanceof Error ? error.message : String(error), process.env)}\n`,
      );
      process.exitCode = EXIT.usage;
    },
  );
}

if (isEntryPoint()) runCli();
