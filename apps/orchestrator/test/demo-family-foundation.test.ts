/**
 * The demo's Lanternfish family (examples/family) as a foundation would run it: the ASF licence
 * header on every file the tool creates, none in the files people wrote, "Follows" in every body;
 * after the changes merge, `chain --parents` passes and a re-run proposes nothing.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { licenseHeaderComment } from '@tmsync/core';
import { afterEach, describe, expect, it } from 'vitest';
import { TestFamily } from './helpers/family.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');
const BRANCH = 'tmsync/threat-model-pointer';
const ASF = licenseHeaderComment('asf');

let family: TestFamily | null = null;
afterEach(() => {
  family?.cleanup();
  family = null;
});

/** The files of an example repository folder (symlinks kept as links). */
function filesOf(dir: string): Record<string, string | { link: string }> {
  const out: Record<string, string | { link: string }> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[relative(dir, p)] = { link: readlinkSync(p) };
      else if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('the demo family with a licence header and a Follows line', () => {
  it('heads only created files with the ASF header, opens every body with Follows, and chains after merging', async () => {
    const f = new TestFamily('tmsync-demo-foundation-');
    family = f;
    const names = readdirSync(join(EXAMPLES, 'family', 'repos', 'lanternfish'));
    const human: Record<string, Record<string, string | { link: string }>> = {};
    for (const name of names) {
      const files = filesOf(join(EXAMPLES, 'family', 'repos', 'lanternfish', name));
      if (name === 'lanternfish') files['THREAT_MODEL.md'] = readFileSync(join(EXAMPLES, 'THREAT_MODEL.md'), 'utf8');
      if (name === 'lanternfish-cli') files['AGENTS.md'] = { link: 'CLAUDE.md' };
      human[name] = files;
      f.repo(`lanternfish/${name}`, files);
    }
    const campaign = readFileSync(join(EXAMPLES, 'family', 'campaign.yaml'), 'utf8').replace(
      'branch: tmsync/threat-model-pointer\n',
      'branch: tmsync/threat-model-pointer\nlicenseHeader: asf\nfollows: lanternfish/lanternfish#42\ncommit: { name: Lanternfish Security, email: security@lanternfish.example }\n',
    );
    f.campaign(campaign);

    const r = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    let created = 0;
    for (const name of names) {
      const repo = f.get(`lanternfish/${name}`);
      if (!repo.hasBranch(BRANCH)) continue;
      const changed = repo.git('diff', '--name-status', 'main', BRANCH).trim().split('\n');
      for (const line of changed) {
        const [status, path = ''] = line.split('\t');
        if (status === 'D') continue;
        const text = repo.show(BRANCH, path) ?? '';
        if (status === 'A') {
          created += 1;
          expect(text.startsWith(`${ASF}\n\n# `), `${name}/${path}`).toBe(true);
        } else {
          // A file people wrote keeps its first bytes and gains no header.
          const before = repo.show('main', path) ?? '';
          expect(text.startsWith(before.slice(0, 40)), `${name}/${path}`).toBe(true);
          expect(text, `${name}/${path}`).not.toContain('Licensed to the Apache Software Foundation');
        }
      }
      const [change] = f.changes(`lanternfish/${name}`);
      expect(change?.body.startsWith('Follows lanternfish/lanternfish#42\n\n'), name).toBe(true);
      expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>', BRANCH).trim()).toBe(
        'Lanternfish Security <security@lanternfish.example>|Lanternfish Security <security@lanternfish.example>',
      );
    }
    expect(created).toBeGreaterThanOrEqual(4);

    // For a person to read what was generated: TMSYNC_DEMO_FILES_OUT=DIR keeps a copy of each change.
    const out = process.env.TMSYNC_DEMO_FILES_OUT;
    if (out)
      for (const name of names) {
        const repo = f.get(`lanternfish/${name}`);
        if (!repo.hasBranch(BRANCH)) continue;
        mkdirSync(join(out, name), { recursive: true });
        for (const path of repo.git('diff', '--name-only', '--diff-filter=AM', 'main', BRANCH).trim().split('\n')) {
          mkdirSync(dirname(join(out, name, path)), { recursive: true });
          writeFileSync(join(out, name, path), repo.show(BRANCH, path) ?? '');
        }
        writeFileSync(join(out, name, 'CHANGE-BODY.md'), f.changes(`lanternfish/${name}`)[0]?.body ?? '');
      }

    for (const name of names) {
      const repo = f.get(`lanternfish/${name}`);
      if (repo.hasBranch(BRANCH)) repo.git('merge', '--quiet', '--ff-only', BRANCH);
    }
    const chain = await f.run('chain', '--campaign', 'campaign.yaml', '--parents');
    expect(chain.code, chain.out).toBe(0);
    const again = await f.run('pointers', 'apply', '--campaign', 'campaign.yaml');
    expect(again.code).toBe(0);
    expect(again.out).toContain('Nothing proposed');
  });
});
