import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ContentBlock } from '../bindings/ipc';
import { ContentBlockList } from './ContentBlockList';
import { LongText, textPieces } from './LongText';

const blocks = (n: number, word = 'Block'): ContentBlock[] => Array.from({ length: n }, (_, i) => ({ type: 'text', text: `${word} ${i + 1}` }));

describe('large results', () => {
  it('renders hundreds of blocks in pieces: the first at once, all of them in order soon after', async () => {
    const { container, rerender } = render(<ContentBlockList blocks={blocks(400)} />);
    const count = () => container.querySelectorAll('.block').length;
    expect(count()).toBeGreaterThan(0);
    expect(count()).toBeLessThan(400);
    expect(screen.getByTestId('blocks-rendering')).toHaveTextContent(`Showing ${count()} of 400 blocks`);
    await waitFor(() => expect(count()).toBe(400));
    expect(screen.queryByTestId('blocks-rendering')).not.toBeInTheDocument();
    expect(container.querySelectorAll('.block')[399]).toHaveTextContent('Block 400');

    // Another result starts over from its own first blocks.
    rerender(<ContentBlockList blocks={blocks(200, 'Other')} />);
    expect(container.querySelector('.block')).toHaveTextContent('Other 1');
    await waitFor(() => expect(count()).toBe(200));
  });

  it('cuts long text at line ends and shows all of it, unchanged', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i}\n`).join('');
    const pieces = textPieces(text, 10_000);
    expect(pieces.join('')).toBe(text);
    expect(pieces.slice(0, -1).every((p) => p.endsWith('\n'))).toBe(true);

    const { container } = render(<LongText text={text} />);
    const pre = container.querySelector('pre');
    await waitFor(() => expect(pre).not.toHaveAttribute('data-rendering'));
    expect(pre?.textContent).toBe(text);
  });
});
