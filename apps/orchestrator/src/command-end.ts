/**
 * What must happen when a command ends, registered by the modules that need it
 * (the git batch processes a run keeps open) so that the CLI can run it without
 * loading those modules for commands that never used them (`lint`).
 */
const hooks = new Set<() => Promise<void>>();

/** Runs `hook` when the current command ends (once per registration; registering the same hook twice keeps one). */
export function atCommandEnd(hook: () => Promise<void>): void {
  hooks.add(hook);
}

/** Runs every registered hook (the CLI calls it when a command returns or throws); a failing hook does not stop the others. */
export async function endCommand(): Promise<void> {
  const pending = [...hooks];
  hooks.clear();
  await Promise.allSettled(pending.map((hook) => hook()));
}
