#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { closest, distance } from 'fastest-levenshtein';
import picocolors from 'picocolors';
import { commands } from './commands/index.js';
import { endCommand } from './command-end.js';
import type { Io } from './io.js';
import { EXIT, oneLine } from './io.js';
import { redactSecrets } from './redact.js';

const USAGE = `tmsync — keep security threat models in shape across families of repositories

Usage: tmsync <command> [options]

Commands:
`;

/** The installed package's version (its package.json), what `tmsync --version` prints. */
export const VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

/** Runs the CLI with arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  const list = commands();
  const overview =
    USAGE +
    list.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n') +
    "\n\nRun `tmsync <command> --help` for a command's options.\n";
  if (!name) {
    // A call without a command is a bad call like any other: one line, exit 2.
    io.stderr('tmsync: missing command. Run tmsync --help for the list.\n');
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${VERSION}\n`);
    return EXIT.ok;
  }
  const entry = list.find((c) => c.name === name);
  if (!entry) {
    const typed = name.replace(/^-+/, '');
    const best = closest(
      typed,
      list.map((c) => c.name),
    );
    const hint = distance(typed, best) <= Math.max(2, Math.floor(typed.length / 3)) ? ` Did you mean "${best}"?` : '';
    io.stderr(
      `tmsync: unknown ${name.startsWith('-') ? 'option' : 'command'} "${name}".${hint} Run tmsync --help for the list.\n`,
    );
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
    const message = oneLine([error instanceof Error ? error.message : String(error)]);
    io.stderr(`tmsync ${name}: ${redactSecrets(message, io.env)}\n`);
    return EXIT.usage;
  } finally {
    // The run is over: end what it kept open (the local forge's cat-file --batch per repository).
    await endCommand();
  }
}

/** Whether node runs this module itself (`node dist/cli.js`), not a module that bundles it (the Action's). */
function isEntryPoint(): boolean {
  if (!import.meta.url.endsWith('/cli.js')) return false;
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
    // picocolors decides: a terminal, unless NO_COLOR; FORCE_COLOR (or CI) turns it on.
    color: picocolors.isColorSupported,
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
