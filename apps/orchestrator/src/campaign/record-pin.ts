/**
 * Recording a pin in the campaign file: the family's `pin:` value replaced,
 * or a `pin:` line added after its `name:` line. Only those bytes change; the
 * rest of the file (comments, order, quoting) stays as the user wrote it.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { applyPatches } from '@tmsync/parser';
import type { TextPatch } from '@tmsync/parser';
import { UsageError } from '../io.js';

function yamlScalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/+-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~|[0-9.]+)$/i.test(value)
    ? value
    : JSON.stringify(value);
}

/** The campaign text with `pin: TAG` set on the named family (unchanged text when it already is). */
export function recordPin(text: string, file: string, family: string, tag: string): string {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const root = doc.contents;
  const families = isMap(root) ? root.get('families', true) : null;
  if (!isSeq(families)) throw new UsageError(`${file}: families: expected a list`);
  const node = families.items.find((item) => isMap(item) && item.get('name') === family);
  if (!isMap(node)) throw new UsageError(`${file}: no family named ${JSON.stringify(family)}`);
  const value = yamlScalar(tag);
  const pinPair = node.items.find((p) => isScalar(p.key) && p.key.value === 'pin');
  if (pinPair) {
    const v = pinPair.value;
    if (isScalar(v) && v.value === tag) return text;
    const range = (v as { range?: [number, number, number] } | null)?.range;
    if (!range) throw new UsageError(`${file}: cannot locate the pin of family ${family}`);
    return applyPatches(text, [{ start: range[0], end: range[1], replacement: value }]);
  }
  const namePair = node.items.find((p) => isScalar(p.key) && p.key.value === 'name');
  const keyRange = namePair && isScalar(namePair.key) ? namePair.key.range : undefined;
  const valueRange = namePair && isScalar(namePair.value) ? namePair.value.range : undefined;
  if (node.flow || !keyRange || !valueRange) {
    // A flow mapping: add the key inside the braces, before the closing one.
    const end = node.range?.[1];
    if (node.flow && end !== undefined) {
      const close = text.lastIndexOf('}', end);
      const patch: TextPatch = { start: close, end: close, replacement: `, pin: ${value}` };
      return applyPatches(text, [patch]);
    }
    throw new UsageError(`${file}: cannot locate family ${family} to record its pin; add "pin: ${tag}" to it by hand`);
  }
  const column = counter.linePos(keyRange[0]).col - 1;
  const lineEnd = text.indexOf('\n', valueRange[1]);
  const eol = lineEnd > 0 && text[lineEnd - 1] === '\r' ? '\r\n' : '\n';
  const insertAt = lineEnd < 0 ? text.length : lineEnd + 1;
  const prefix = lineEnd < 0 ? eol : '';
  return applyPatches(text, [
    { start: insertAt, end: insertAt, replacement: `${prefix}${' '.repeat(column)}pin: ${value}${eol}` },
  ]);
}
