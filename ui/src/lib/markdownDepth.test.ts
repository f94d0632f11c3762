import { describe, expect, it } from 'vitest';
import { containerDepth, nestsTooDeeply } from './markdownDepth';

describe('markdown nesting bound', () => {
  it('lets ordinary documents through', () => {
    expect(nestsTooDeeply('# Title\n\n> a quote\n> > nested\n\n- a\n  - b\n    - c\n\n**bold** [link](https://x.dev)')).toBe(false);
    expect(containerDepth('> > > x')).toBe(3);
  });

  it('stops 20,000 nested quotes, deep lists and bracket runs', () => {
    expect(nestsTooDeeply('>'.repeat(20_000))).toBe(true);
    expect(nestsTooDeeply('> '.repeat(100))).toBe(true);
    expect(nestsTooDeeply(Array.from({ length: 60 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n'))).toBe(true);
    expect(nestsTooDeeply('['.repeat(5_000))).toBe(true);
    expect(nestsTooDeeply('*_'.repeat(5_000))).toBe(true);
  });
});
