// micromark's tokenizer alone (CommonMark + GFM syntax, no tree): the floor any
// remark-based linter stands on.
import { readFileSync } from 'node:fs';
import { parse, postprocess, preprocess } from 'micromark';
import { gfm } from 'micromark-extension-gfm';

const options = { extensions: [gfm()] };
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, 'utf8');
  postprocess(
    parse(options)
      .document()
      .write(preprocess()(text, undefined, true)),
  );
}
