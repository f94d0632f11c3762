import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ContentBlock, ToolCallOutcome } from '../bindings/ipc';
import { ContentBlockView } from './ContentBlockView';
import { ToolResult } from './ToolResult';

afterEach(() => clearMocks());

const exchange = {
  method: 'tools/call',
  request: { name: 'echo', arguments: { a: 1 } },
  response: { content: [] },
  ok: true,
  startedAt: 0,
  durationMs: 12,
};

function outcome(content: ContentBlock[], extra: Partial<ToolCallOutcome> = {}): ToolCallOutcome {
  return { content, structuredContent: null, structuredCheck: null, isError: false, exchange, ...extra };
}

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('ContentBlockView', () => {
  it('renders text as markdown', () => {
    const { container } = render(<ContentBlockView block={{ type: 'text', text: '# Title\n\n**bold** and `code`' }} />);
    expect(screen.getByRole('heading', { name: 'Title' })).toBeInTheDocument();
    expect(container.querySelector('strong')?.textContent).toBe('bold');
  });

  it('renders an image from base64 as a data URL', () => {
    render(<ContentBlockView block={{ type: 'image', data: PNG, mimeType: 'image/png' }} />);
    expect(screen.getByRole('img')).toHaveAttribute('src', `data:image/png;base64,${PNG}`);
  });

  it('renders audio with controls', () => {
    const { container } = render(<ContentBlockView block={{ type: 'audio', data: 'AAAA', mimeType: 'audio/wav' }} />);
    const audio = container.querySelector('audio');
    expect(audio).toHaveAttribute('controls');
    expect(audio).toHaveAttribute('src', 'data:audio/wav;base64,AAAA');
  });

  it('renders a resource link', () => {
    render(
      <ContentBlockView
        block={{ type: 'resource_link', uri: 'file:///a.txt', name: 'a.txt', title: 'A file', description: 'desc', mimeType: 'text/plain' }}
      />,
    );
    expect(screen.getByText('A file')).toBeInTheDocument();
    expect(screen.getByText('file:///a.txt')).toBeInTheDocument();
  });

  it('renders embedded text and blob resources', () => {
    render(
      <>
        <ContentBlockView block={{ type: 'resource', resource: { kind: 'text', uri: 'mem://t', mimeType: 'text/plain', text: 'hello text' } }} />
        <ContentBlockView block={{ type: 'resource', resource: { kind: 'blob', uri: 'mem://b.bin', mimeType: 'application/octet-stream', blob: 'AAAAAA==' } }} />
      </>,
    );
    expect(screen.getByText('hello text')).toBeInTheDocument();
    expect(screen.getByText(/Binary, 4 B/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save as…' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Download' })).toBeNull();
  });

  it('renders unknown content as JSON', () => {
    render(<ContentBlockView block={{ type: 'unknown', raw: { type: 'video', frames: 3 } }} />);
    expect(screen.getByText(/"frames": 3/)).toBeInTheDocument();
  });
});

describe('markdown safety', () => {
  it('does not turn raw HTML into elements', () => {
    const { container } = render(
      <ContentBlockView
        block={{ type: 'text', text: 'hi <img src=x onerror="alert(1)"> <script>alert(2)</script> <iframe src="https://evil"></iframe>' }}
      />,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('iframe')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
  });

  it('does not make javascript: links clickable', () => {
    const { container } = render(<ContentBlockView block={{ type: 'text', text: '[click](javascript:alert(1)) and <a href="javascript:alert(2)">x</a>' }} />);
    expect(container.querySelector('a')).toBeNull();
    expect(screen.getByText('click').tagName).toBe('SPAN');
  });

  it('does not load remote images', () => {
    const { container } = render(<ContentBlockView block={{ type: 'text', text: '![tracker](https://evil.example/pixel.png)' }} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('[image: tracker]')).toBeInTheDocument();
  });

  it('opens http links in the system browser instead of navigating', () => {
    const opened: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:opener|open_url') opened.push(args);
      return null;
    });
    render(<ContentBlockView block={{ type: 'text', text: '[docs](https://example.com/docs)' }} />);
    const link = screen.getByRole('link', { name: 'docs' });
    const event = new MouseEvent('click', { bubbles: true, cancelable: true });
    fireEvent(link, event);
    expect(event.defaultPrevented).toBe(true);
    expect(opened).toMatchObject([{ url: 'https://example.com/docs' }]);
  });
});

describe('ToolResult', () => {
  it('marks isError clearly', () => {
    render(<ToolResult outcome={outcome([{ type: 'text', text: 'boom' }], { isError: true })} />);
    expect(screen.getByTestId('result-error')).toBeInTheDocument();
    expect(screen.getByText('boom')).toBeInTheDocument();
  });

  it('has no error marker on success', () => {
    render(<ToolResult outcome={outcome([{ type: 'text', text: 'fine' }])} />);
    expect(screen.getByTestId('tool-result')).toBeInTheDocument();
    expect(screen.queryByTestId('result-error')).toBeNull();
  });

  it('shows structured content with its check', () => {
    render(
      <ToolResult
        outcome={outcome([], {
          structuredContent: { total: 42 },
          structuredCheck: { status: 'invalid', errors: ['/total must be string'] },
        })}
      />,
    );
    expect(screen.getByText(/"total": 42/)).toBeInTheDocument();
    expect(screen.getByText('does not match output schema')).toBeInTheDocument();
    expect(screen.getByText('/total must be string')).toBeInTheDocument();
  });

  it('shows valid and missing structured checks', () => {
    const { rerender } = render(<ToolResult outcome={outcome([], { structuredContent: { a: 1 }, structuredCheck: { status: 'valid' } })} />);
    expect(screen.getByText('matches output schema')).toBeInTheDocument();
    rerender(<ToolResult outcome={outcome([], { structuredCheck: { status: 'missing' } })} />);
    expect(screen.getByText(/missing/)).toBeInTheDocument();
  });

  it('toggles to the raw exchange', () => {
    render(<ToolResult outcome={outcome([{ type: 'text', text: 'x' }])} />);
    fireEvent.click(screen.getByLabelText('Raw'));
    const raw = screen.getByLabelText('Raw exchange');
    expect(raw.textContent).toContain('"request"');
    expect(raw.textContent).toContain('"arguments"');
  });
});
