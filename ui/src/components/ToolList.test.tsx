import { fireEvent, render, screen } from '@testing-library/react';
import { useDeferredValue, useMemo, useState } from 'react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { manyTools } from '../test/fixtures';
import { filterTools, indexTools } from '../lib/toolFilter';
import { ToolList } from './ToolList';

function Harness({ onSelect }: { onSelect: (n: string) => void }) {
  const index = useMemo(() => indexTools(manyTools(5000)), []);
  const [q, setQ] = useState('');
  const dq = useDeferredValue(q);
  const filtered = useMemo(() => filterTools(index, dq), [index, dq]);
  return (
    <>
      <input aria-label="filter" data-testid="tool-filter" value={q} onChange={(e) => setQ(e.target.value)} />
      <ToolList tools={filtered} query={dq} selected={null} onSelect={onSelect} />
    </>
  );
}

describe('ToolList', () => {
  // jsdom has no layout: give every element a 600px-high box so the virtualizer has a viewport to fill.
  beforeAll(() => {
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue(
      { x: 0, y: 0, top: 0, left: 0, bottom: 600, right: 300, width: 300, height: 600, toJSON: () => ({}) },
    );
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(600);
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(300);
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(600);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(300);
  });
  afterAll(() => vi.restoreAllMocks());

  it('renders 5,000 tools virtually, filters them, and marks both for the benchmark', () => {
    performance.clearMarks();
    const onSelect = vi.fn();
    const start = performance.now();
    const { container } = render(<Harness onSelect={onSelect} />);
    expect(performance.getEntriesByName('gatehouse:tools-rendered')).toHaveLength(1);
    const rows = container.querySelectorAll('[data-testid^="tool-item-"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    fireEvent.change(screen.getByTestId('tool-filter'), { target: { value: 'tool_4321' } });
    expect(screen.getByTestId('tool-item-tool_4321')).toBeInTheDocument();
    expect(container.querySelectorAll('[data-testid^="tool-item-"]')).toHaveLength(1);
    expect(performance.getEntriesByName('gatehouse:tools-filtered').length).toBeGreaterThan(0);
    expect(performance.now() - start).toBeLessThan(2000);
    fireEvent.click(screen.getByTestId('tool-item-tool_4321'));
    expect(onSelect).toHaveBeenCalledWith('tool_4321');
  });

  it('says so when nothing matches', () => {
    render(<ToolList tools={[]} query="nope" selected={null} onSelect={() => undefined} />);
    expect(screen.getByText('No tool matches the filter.')).toBeInTheDocument();
  });
});
