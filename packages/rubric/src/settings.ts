// A config's rule settings as the preset takes them. Apart from the config
// loader (config.ts, which brings YAML and zod), so that linting with no
// config file loads neither.
import type { TmsyncConfig } from './config.js';
import type { EffectiveSetting } from './preset.js';

/** The effective setting of every rule that the config mentions. */
export function settingsOf(config: TmsyncConfig = {}): Map<string, EffectiveSetting> {
  const out = new Map<string, EffectiveSetting>();
  for (const [id, value] of Object.entries(config.rules ?? {})) {
    if (value === undefined) continue;
    const [severity, options] = Array.isArray(value) ? value : [value, undefined];
    out.set(id, severity === 'off' ? { severity: 'off' } : { severity, options });
  }
  return out;
}
