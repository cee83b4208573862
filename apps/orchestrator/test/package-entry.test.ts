import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  main: string;
  types: string;
  exports: { '.': { types: string; default: string } };
};

describe("the package's entry (tests run after the build)", () => {
  it('names files the build writes, main, types and exports alike', () => {
    for (const file of [pkg.main, pkg.types, pkg.exports['.'].default, pkg.exports['.'].types])
      expect(existsSync(join(root, file)), file).toBe(true);
  });

  it('runs a command in-process through main(args, io)', async () => {
    const entry = (await import(
      pathToFileURL(join(root, pkg.exports['.'].default)).href
    )) as typeof import('../src/index.js');
    let stdout = '';
    const code = await entry.main(['--version'], {
      stdout: (t) => {
        stdout += t;
      },
      stderr: () => undefined,
      cwd: root,
      env: {},
    });
    expect({ code, stdout }).toEqual({ code: 0, stdout: `${pkg.version}\n` });
    expect(typeof entry.LocalForge).toBe('function');
    expect(typeof entry.GitHubForge).toBe('function');
  });
});
