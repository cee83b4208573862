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
  it('draws a bar on a terminal, counting repositories', () => {
    const t = fakeTerminal();
    const { io, err } = ioWith({}, t.stream);
    const p = progressFor(io, 'report', 5);
    p.done('alpha', 3);
    p.done('beta', 2);
    p.stop();
    expect(t.drawn()).toContain('report [');
    expect(t.drawn()).toContain('5/5 repositories · beta');
    expect(err()).toBe('');
  });

  it('prints plain lines in CI even on a terminal, and when there is no terminal', () => {
    const t = fakeTerminal();
    const ci = ioWith({ CI: 'true' }, t.stream);
    const p = progressFor(ci.io, 'campaign plan', 4);
    p.done('alpha', 3);
    p.done('beta', 1);
    p.stop();
    expect(ci.err()).toBe(
      'campaign plan: family alpha done (3/4 repositories)\ncampaign plan: family beta done (4/4 repositories)\n',
    );
    expect(t.drawn()).toBe('');
    const plain = ioWith({});
    progressFor(plain.io, 'report', 1).done('x', 1);
    expect(plain.err()).toBe('report: family x done (1/1 repositories)\n');
  });
});
