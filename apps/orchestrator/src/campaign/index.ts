/** Opening a campaign for a command: the file loaded and validated, its forge built. */
import type { Forge } from '../forge/types.js';
import type { Io } from '../io.js';
import { UsageError } from '../io.js';
import { clockFromEnv, createForge } from './forge-factory.js';
import type { LoadedCampaign } from './load.js';
import { loadCampaign } from './load.js';
import { cachedForge } from '../satellites/cache.js';

export { createForge, clockFromEnv, forgeForDirectory } from './forge-factory.js';
export type { ForgeOptions } from './forge-factory.js';
export { loadCampaign, parseCampaign, formatCampaignIssues, keyPath } from './load.js';
export type { LoadedCampaign } from './load.js';
export { recordPin } from './record-pin.js';

/** A loaded campaign and the forge it names. */
export interface OpenCampaign {
  loaded: LoadedCampaign;
  forge: Forge;
}

/** Loads `--campaign FILE` and builds its forge; a missing option is a UsageError. */
export async function openCampaign(file: string | undefined, io: Io, familyFilter?: string): Promise<OpenCampaign> {
  if (!file) throw new UsageError('missing --campaign FILE');
  const loaded = await loadCampaign(file, io.cwd);
  if (familyFilter !== undefined) {
    const families = loaded.campaign.families.filter((f) => f.name === familyFilter);
    if (families.length === 0)
      throw new UsageError(`${file}: no family named ${JSON.stringify(familyFilter)} (families: ${loaded.campaign.families.map((f) => f.name).join(', ')})`);
    loaded.campaign = { ...loaded.campaign, families };
  }
  const clock = clockFromEnv(io.env);
  const forge = cachedForge(createForge(loaded.campaign, loaded.dir, { env: io.env, ...(clock ? { clock } : {}) }));
  return { loaded, forge };
}
