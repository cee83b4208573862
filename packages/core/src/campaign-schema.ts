/** The JSON Schema of a campaign file, generated from its zod schema (for editors: `# yaml-language-server: $schema=…`). */
import { z } from 'zod';
import { CampaignSchema } from './campaign.js';

/** The JSON Schema (draft 2020-12) of what a person writes in a campaign file. */
export function campaignJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(CampaignSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://tmsync.dev/schema/campaign.schema.json',
    title: 'tmsync campaign file',
  };
}

type Node = { properties?: Record<string, Node>; items?: Node; anyOf?: Node[]; allOf?: Node[] };

/** The keys a campaign file accepts at a path of it (`['families', 0, 'parent']`), or [] when the path is not an object. */
export function campaignKeysAt(path: readonly (string | number)[]): string[] {
  let node: Node | undefined = campaignJsonSchema() as Node;
  for (const step of path) {
    if (!node) return [];
    node = typeof step === 'number' ? node.items : node.properties?.[step];
    while (node && !node.properties && !node.items && (node.anyOf || node.allOf))
      node = (node.anyOf ?? node.allOf)?.find((n) => n.properties || n.items);
  }
  return Object.keys(node?.properties ?? {});
}
