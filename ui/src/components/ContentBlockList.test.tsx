import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ContentBlock } from '../bindings/ipc';
import { ContentBlockList } from './ContentBlockList';
import { LongText, ROW_HEIGHT, textRows } from './LongText';

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

  it('cuts long text into rows, one a line, long lines continued over several rows, nothing lost', () => {
    const text = Array.from({ length: 2_000 }, (_, i) => `line ${i}\n`).join('');
    const { rows, continued } = textRows(text, 100);
    expect(rows).toHaveLength(2_000);
    expect(rows.join('\n') + '\n').toBe(text);
    expect(continued.size).toBe(0);

    const long = textRows(`short\n${'x'.repeat(250)}\nend`, 100);
    expect(long.rows).toEqual(['short', 'x'.repeat(100), 'x'.repeat(100), 'x'.repeat(50), 'end']);
    expect([...long.continued]).toEqual([2, 3]);
    expect(textRows('').rows).toEqual(['']);
  });

});

describe('very long text', () => {
  // jsdom has no layout: give every element a 420px-high box so the virtualizer has a view to fill.
  beforeAll(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(
      { x: 0, y: 0, top: 0, left: 0, bottom: 420, right: 800, width: 800, height: 420, toJSON: () => ({}) },
    );
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(420);
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(800);
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(420);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(800);
  });
  afterAll(() => vi.restoreAllMocks());

  it('shows the first lines of megabytes of text at once, and any other line when scrolled to it', () => {
    const text = Array.from({ length: 65_000 }, (_, i) => `${String(i).padStart(8, '0')} INFO request served\n`).join('');
    const { container } = render(<LongText text={text} />);
    const view = screen.getByTestId('long-text');
    expect(view).toHaveAttribute('data-rows', '65000');
    const shownRows = () => [...container.querySelectorAll('.long-text-row')].map((r) => Number(r.getAttribute('data-row')));
    // Only the rows around the view are in the page, starting with the first line.
    expect(container.querySelector('.long-text-row')).toHaveTextContent('00000000 INFO request served');
    expect(shownRows().length).toBeGreaterThan(10);
    expect(shownRows().length).toBeLessThan(200);
    expect(container.querySelector('pre')).toHaveStyle({ height: `${65_000 * ROW_HEIGHT}px` });

    // Scrolled to the end: the last line is there, the first ones are gone.
    Object.defineProperty(view, 'scrollTop', { configurable: true, value: 65_000 * ROW_HEIGHT - 420 });
    act(() => {
      fireEvent.scroll(view);
    });
    expect(shownRows()).toContain(64_999);
    expect(shownRows()).not.toContain(0);
    expect(container.querySelector('[data-row="64999"]')).toHaveTextContent('00064999 INFO request served');
  });
});
