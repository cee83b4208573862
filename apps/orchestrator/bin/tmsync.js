#!/usr/bin/env node
// The installed `tmsync` command: runs the bundled CLI (dist/bundle, built by
// scripts/bundle.mjs from src/cli.ts), which starts in a fraction of the time
// the 400 modules it is made of take to load one by one.
import('../dist/bundle/cli.js').then(
  (cli) => cli.runCli(),
  (error) => {
    process.stderr.write(
      `tmsync: the CLI is not built (${error.code ?? error.message}); run \`corepack pnpm build\` first\n`,
    );
    process.exitCode = 2;
  },
);
