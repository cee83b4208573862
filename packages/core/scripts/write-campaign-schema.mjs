// Regenerates campaign.schema.json from the zod schema (run after `tsc`; the campaign-schema test fails until it is current).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { campaignJsonSchema } from '../dist/index.js';

writeFileSync(
  join(import.meta.dirname, '..', 'campaign.schema.json'),
  `${JSON.stringify(campaignJsonSchema(), null, 2)}\n`,
);
