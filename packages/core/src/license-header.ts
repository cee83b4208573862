/** Licence headers of the Markdown files the tool creates: known ids and free text, as an HTML comment. */

/** The Apache Software Foundation's source header (https://www.apache.org/legal/src-headers.html), as an HTML comment. */
const ASF = `<!--
 Licensed to the Apache Software Foundation (ASF) under one
 or more contributor license agreements.  See the NOTICE file
 distributed with this work for additional information
 regarding copyright ownership.  The ASF licenses this file
 to you under the Apache License, Version 2.0 (the
 "License"); you may not use this file except in compliance
 with the License.  You may obtain a copy of the License at

   http://www.apache.org/licenses/LICENSE-2.0

 Unless required by applicable law or agreed to in writing,
 software distributed under the License is distributed on an
 "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
 KIND, either express or implied.  See the License for the
 specific language governing permissions and limitations
 under the License.
-->`;

/** Licence header ids a campaign may name instead of writing the text. */
export const KNOWN_LICENSE_HEADERS: Readonly<Record<string, string>> = { asf: ASF };

/** The HTML comment a `licenseHeader` setting stands for (a known id, a comment as written, or text wrapped in one), without a trailing newline. */
export function licenseHeaderComment(setting: string): string {
  const text = setting.trim();
  const known = KNOWN_LICENSE_HEADERS[text.toLowerCase()];
  if (known) return known;
  if (text.startsWith('<!--')) return text;
  return `<!--\n${text
    .split(/\r?\n/)
    .map((l) => (l.trim() ? ` ${l.trimEnd()}` : ''))
    .join('\n')}\n-->`;
}
