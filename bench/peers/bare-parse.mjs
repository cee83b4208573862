// The baseline every lint figure is a ratio to: a bare
// unified().use(remarkParse).use(remarkGfm).parse of each file named, in one process.
import { readFileSync } from 'node:fs';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

const processor = unified().use(remarkParse).use(remarkGfm);
for (const path of process.argv.slice(2)) processor.parse(readFileSync(path, 'utf8'));
