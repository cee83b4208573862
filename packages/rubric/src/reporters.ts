import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';

/** A message's severity in reports: errors are fatal messages, everything else is a warning. */
export function severityOf(message: VFileMessage): 'error' | 'warning' {
  return message.fatal === true ? 'error' : 'warning';
}

/** Messages in line, column, rule order. */
export function sorted(messages: readonly VFileMessage[]): VFileMessage[] {
  return [...messages].sort(
    (a, b) =>
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      String(a.ruleId).localeCompare(String(b.ruleId)),
  );
}

/** Options of the text reporter. */
export interface TextReportOptions {
  /** Only show files with messages (default false). */
  quiet?: boolean;
  /** ANSI colours (default false). */
  color?: boolean;
}

/** The messages as text, in vfile-reporter's format (`file`, then `line:col-line:col  severity  message  rule  tmsync`). */
export function reportText(files: readonly VFile[], options: TextReportOptions = {}): string {
  const out = reporter([...files], { quiet: options.quiet ?? false, color: options.color ?? false });
  return out.endsWith('\n') || out === '' ? out : `${out}\n`;
}

/** One message of the JSON report (a contract: these keys keep their names). */
export interface JsonMessage {
  ruleId: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
  message: string;
}

/** One file of the JSON report. */
export interface JsonFileReport {
  file: string;
  messages: JsonMessage[];
}

/** The JSON report as data: `[{file, messages: [{ruleId, severity, line, column, message}]}]`, messages in line order. */
export function jsonReport(files: readonly VFile[]): JsonFileReport[] {
  return files.map((file) => ({
    file: file.path ?? '',
    messages: sorted(file.messages).map((m) => ({
      ruleId: m.ruleId ?? 'unknown',
      severity: severityOf(m),
      line: m.line ?? 1,
      column: m.column ?? 1,
      message: m.reason,
    })),
  }));
}

/** The JSON report as text. */
export function reportJson(files: readonly VFile[]): string {
  return `${JSON.stringify(jsonReport(files), null, 2)}\n`;
}
