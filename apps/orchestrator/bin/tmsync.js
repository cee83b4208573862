#!/usr/bin/env node
// The installed `tmsync` command: runs the built CLI (apps/orchestrator/dist).
import('../dist/cli.js').then(
  (cli) => cli.runCli(),
  (error) => {
    process.stderr.write(
      `tmsync: the CLI is not built (${error.code ?? error.message}); run \`corepack pnpm build\` first\n`,
    );
    process.exitCode = 2;
  },
);
