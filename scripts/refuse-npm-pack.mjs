// The `prepack` step of every publishable package. `npm pack` copies
// `workspace:*` ranges into the tarball as they are, and such a tarball cannot
// be installed; `pnpm pack` (and `pnpm publish`, which changesets runs) write
// the real versions. So under npm this stops the pack with a one-line reason.
const agent = process.env.npm_config_user_agent ?? '';
if (agent.startsWith('npm/')) {
  console.error(
    `${process.env.npm_package_name ?? 'this package'}: pack with \`corepack pnpm pack\`, not npm pack: npm keeps workspace:* dependency ranges, and the tarball would not install`,
  );
  process.exit(1);
}
