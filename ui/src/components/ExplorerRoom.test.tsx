import { QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerInfo, ToolInfo } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { callEnded, callStarted } from '../lib/workKept';
import { ServerInfoCard } from './ServerInfoCard';
import { ToolCallPanel } from './ToolCallPanel';

const info: ServerInfo = {
  name: 'srv',
  title: null,
  version: '1.0.0',
  protocolVersion: '2025-11-25',
  instructions: 'Read me.',
  capabilities: {
    tools: true,
    toolsListChanged: true,
    resources: true,
    resourcesSubscribe: false,
    resourcesListChanged: false,
    prompts: false,
    promptsListChanged: false,
    logging: true,
    completions: false,
    raw: { tools: { listChanged: true }, resources: {}, logging: {}, tasks: { list: {}, cancel: {} }, experimental: { x: {} } },
  },
  authenticated: false,
};

const tool: ToolInfo = {
  name: 'add',
  title: null,
  description: null,
  inputSchema: { type: 'object', properties: { a: { type: 'number', title: 'A' } } },
  outputSchema: null,
  annotations: null,
};

function setHeight(h: number) {
  Object.defineProperty(window, 'innerHeight', { configurable: true, value: h });
}

afterEach(() => setHeight(768));

describe('server card', () => {
  it('folds to one line and remembers the choice', async () => {
    const user = userEvent.setup();
    setHeight(900);
    const { unmount } = render(<ServerInfoCard info={info} />);
    expect(screen.getByLabelText('Capabilities')).toBeInTheDocument();
    await user.click(screen.getByTestId('server-info-toggle'));
    expect(screen.getByTestId('server-info')).toHaveAttribute('data-collapsed', 'true');
    expect(screen.queryByLabelText('Capabilities')).toBeNull();
    expect(screen.queryByText('Raw capabilities')).toBeNull();
    // The facts stay, on one line.
    expect(screen.getByTestId('protocol-version')).toHaveTextContent('2025-11-25');
    unmount();
    render(<ServerInfoCard info={info} />);
    expect(screen.getByTestId('server-info')).toHaveAttribute('data-collapsed', 'true');
    expect(screen.getByTestId('server-info-toggle')).toHaveAttribute('aria-expanded', 'false');
  });

  it('starts folded in a short window until the user chooses', async () => {
    const user = userEvent.setup();
    setHeight(700);
    const { unmount } = render(<ServerInfoCard info={info} />);
    expect(screen.getByTestId('server-info')).toHaveAttribute('data-collapsed', 'true');
    await user.click(screen.getByTestId('server-info-toggle'));
    unmount();
    render(<ServerInfoCard info={info} />);
    expect(screen.getByTestId('server-info')).toHaveAttribute('data-collapsed', 'false');
  });

  it('shows the whole capabilities object the server sent, tasks and experimental included', async () => {
    const user = userEvent.setup();
    setHeight(900);
    render(<ServerInfoCard info={info} />);
    await user.click(screen.getByText('Raw capabilities'));
    const json = screen.getByText(/"tasks"/);
    expect(json).toHaveTextContent('"experimental"');
    expect(json).toHaveTextContent('"cancel"');
  });
});

function renderPanel() {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <ToolCallPanel serverId="room" toolKey="add" tool={tool} />
    </QueryClientProvider>,
  );
}

describe('tool panel room', () => {
  it('resizes the form pane against the result with the bar, and remembers the height', () => {
    setHeight(700);
    const { container, unmount } = renderPanel();
    const panel = container.querySelector<HTMLElement>('.tool-call');
    const before = Number.parseInt(panel?.style.getPropertyValue('--form-pane-height') ?? '', 10);
    expect(before).toBe(238); // about a third of a 700-pixel window
    const bar = screen.getByTestId('form-result-splitter');
    fireEvent.keyDown(bar, { key: 'ArrowDown' });
    fireEvent.keyDown(bar, { key: 'ArrowDown' });
    expect(panel?.style.getPropertyValue('--form-pane-height')).toBe(`${before + 48}px`);
    expect(bar).toHaveAttribute('aria-valuenow', String(before + 48));
    // Dragging works the same way.
    fireEvent.pointerDown(bar, { clientY: 300, pointerId: 1 });
    fireEvent.pointerMove(bar, { clientY: 260, pointerId: 1 });
    fireEvent.pointerUp(bar, { clientY: 260, pointerId: 1 });
    expect(panel?.style.getPropertyValue('--form-pane-height')).toBe(`${before + 8}px`);
    unmount();
    const again = renderPanel();
    expect(again.container.querySelector<HTMLElement>('.tool-call')?.style.getPropertyValue('--form-pane-height')).toBe(`${before + 8}px`);
  });

  it('resizes the fields against the JSON editor, which has no fixed height', () => {
    const { container } = renderPanel();
    const panes = container.querySelector<HTMLElement>('.tool-form-panes');
    expect(panes?.style.gridTemplateColumns).toContain('55fr');
    fireEvent.keyDown(screen.getByTestId('form-json-splitter'), { key: 'ArrowRight' });
    expect(panes?.style.gridTemplateColumns).toContain('60fr');
    expect(screen.getByTestId('tool-raw-json').getAttribute('style') ?? '').not.toMatch(/height/);
  });

  it('shows a new result below the form without scrolling the form or the title away', () => {
    const scrollIntoView = vi.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    renderPanel();
    act(() => {
      callStarted('room', 'add', { callId: 'c1', startedAt: Date.now() });
    });
    act(() => {
      callEnded('room', 'add', 'c1', {
        outcome: {
          content: [{ type: 'text', text: 'forty-two', annotations: null, meta: null } as never],
          structuredContent: null,
          structuredCheck: null,
          isError: false,
          exchange: { method: 'tools/call', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1 } as never,
        },
      });
    });
    const pane = screen.getByTestId('tool-result-pane');
    expect(pane).toHaveTextContent('forty-two');
    // The form and the result are siblings in one panel: the result pane scrolls, the form stays put.
    expect(pane.previousElementSibling).toHaveAttribute('data-testid', 'form-result-splitter');
    expect(scrollIntoView).not.toHaveBeenCalled();
  });
});
