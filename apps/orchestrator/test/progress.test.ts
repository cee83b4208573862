import { describe, expect, it } from 'vitest';
import type { Io } from '../src/io.js';
import { progressFor } from '../src/report/progress.js';

/** A terminal stand-in: what cli-progress draws is collected. */
function fakeTerminal() {
  let drawn = '';
  const stream = {
    isTTY: true,
    columns: 100,
    write(text: string) {
      drawn += text;
      return true;
    },
    cursorTo() {
      return true;
    },
    clearLine() {
      return true;
    },
    moveCursor() {
      return true;
    },
    clearScreenDown() {
      return true;
    },
    on() {
      return stream;
    },
    removeListener() {
      return stream;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, drawn: () => drawn };
}

function ioWith(env: NodeJS.ProcessEnv, stream?: NodeJS.WriteStream) {
  let err = '';
  const io: Io = {
    stdout: () => {},
    stderr: (t) => {
      err += t;
    },
    cwd: '/',
    env,
    ...(stream ? { progressStream: stream } : {}),
  };
  return { io, err: () => err };
}

describe('progress', () => {
  it('draws a bar on a terminal, one step per repository', () => {
    const t = fakeTerminal();
    const { io, err } = ioWith({}, t.stream);
    const p = progressFor(io, 'report', 3);
    p.repository('alpha', 'acme/alpha', 'parent');
    p.repository('alpha', 'acme/alpha-cli', 'satellite');
    p.repository('beta', 'acme/beta', 'parent');
    p.stop();
    expect(t.drawn()).toContain('report [');
    expect(t.drawn()).toContain('3/3 repositories · acme/beta (beta)');
    expect(err()).toBe('');
  });

  it('prints one plain line per repository in CI even on a terminal, and when there is no terminal', () => {
    const t = fakeTerminal();
    const ci = ioWith({ CI: 'true' }, t.stream);
    const p = progressFor(ci.io, 'campaign plan', 3);
    p.repository('alpha', 'acme/alpha', 'parent');
    p.repository('alpha', 'acme/alpha-cli', 'satellite');
    p.repository('alpha', 'acme/alpha-go', 'satellite');
    p.stop();
    expect(ci.err()).toBe(
      [
        'campaign plan: acme/alpha done (1/3 repositories; parent of alpha)',
        'campaign plan: acme/alpha-cli done (2/3 repositories; family alpha)',
        'campaign plan: acme/alpha-go done (3/3 repositories; family alpha)',
        '',
      ].join('\n'),
    );
    expect(t.drawn()).toBe('');
    const plain = ioWith({});
    progressFor(plain.io, 'report', 1).repository('x', 'acme/x', 'parent');
    expect(plain.err()).toBe('report: acme/x done (1/1 repositories; parent of x)\n');
  });
});
