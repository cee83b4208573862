/** How tool commits are told apart by their trailer, and where tmsync defers to git's own reading. */
import { describe, expect, it } from 'vitest';
import { hasToolTrailer, toolTrailerAsGitReads, withTrailer } from '../src/forge/tool-commit.js';

describe('the tool trailer', () => {
  it('withTrailer adds the trailer once, joining an existing trailer block', () => {
    expect(withTrailer('Point to the model')).toBe('Point to the model\n\nGenerated-by: tmsync\n');
    expect(withTrailer('Title\n\nBody.\n\nSigned-off-by: A <a@example.org>')).toBe(
      'Title\n\nBody.\n\nSigned-off-by: A <a@example.org>\nGenerated-by: tmsync\n',
    );
    const once = withTrailer('Title\n\nBody.');
    expect(withTrailer(once)).toBe(once);
    expect(hasToolTrailer(once)).toBe(true);
  });

  it('toolTrailerAsGitReads answers only where git reads the same, and defers (null) elsewhere', () => {
    expect(toolTrailerAsGitReads(withTrailer('Title\n\nBody.'))).toBe(true);
    // A subject alone has no trailer block.
    expect(toolTrailerAsGitReads('Generated-by: tmsync')).toBe(false);
    expect(toolTrailerAsGitReads('A note of mine\n\nJust prose.\n')).toBe(false);
    // The trailer inside a paragraph of prose: git's 25% rule decides, so git is asked.
    expect(toolTrailerAsGitReads('Title\n\nSome prose here\nGenerated-by: tmsync\n')).toBeNull();
    // The key with another value, in prose: git is asked too.
    expect(toolTrailerAsGitReads('Title\n\nThis was generated-by hand, not by a tool.\n')).toBeNull();
  });
});
