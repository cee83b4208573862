/** A source file's page (`sources/ID.html`). */
import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { page, short } from './layout.js';
import type { SourceFile } from './model.js';

/** A source file with numbered lines, each anchored as `#L<n>`. */
export function sourcePage(s: SourceFile): string {
  const lines = s.text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const children: (ElementContent | string)[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    children.push(h('span', { id: `L${n}` }, [h('a', { className: ['ln'], href: `#L${n}` }, String(n)), text]), '\n');
  });
  return page(`${s.repo}:${s.path}`, [
    h('nav', [h('a', { href: '../index.html' }, '← all families')]),
    h('h1', `${s.repo}:${s.path}`),
    h('p', { className: ['muted'] }, [
      `at ${s.ref} (${short(s.commit)})`,
      ...(s.externalUrl ? [' — ', h('a', { href: s.externalUrl }, 'on the forge')] : []),
    ]),
    h('div', { className: ['src'] }, children),
  ]);
}
