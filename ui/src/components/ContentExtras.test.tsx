import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { ContentBlockView, ResourceContentsView } from './ContentBlockView';
import { ResourceContentsList } from './ResultView';
import { ServerIdContext } from './ServerIdContext';

afterEach(() => {
  cleanup();
  clearMocks();
});

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const b64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('downloads go through the save dialog', () => {
  it('asks the core to save the bytes and says where they went', async () => {
    const user = userEvent.setup();
    const saves: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'resource_save') {
        saves.push((args as { req: unknown }).req);
        return { path: '/home/me/Downloads/5.bin', bytes: 4 };
      }
      return null;
    });
    render(<ResourceContentsView contents={{ kind: 'blob', uri: 'test://static/resource/5', mimeType: 'application/octet-stream', blob: 'AAAAAA==' }} />);
    // No link that would write a file without asking.
    expect(screen.queryByRole('link')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save as…' }));
    expect(await screen.findByTestId('save-status')).toHaveTextContent('Saved to /home/me/Downloads/5.bin');
    expect(saves).toEqual([{ uri: 'test://static/resource/5', mimeType: 'application/octet-stream', blob: 'AAAAAA==' }]);
  });

  it('says so when the dialog was closed without saving', async () => {
    const user = userEvent.setup();
    mockIPC(() => ({ path: null, bytes: 0 }));
    render(<ResourceContentsView contents={{ kind: 'blob', uri: 'x://a.bin', mimeType: null, blob: 'AAAA' }} />);
    await user.click(screen.getByRole('button', { name: 'Save as…' }));
    expect(await screen.findByTestId('save-status')).toHaveTextContent('Not saved: the save dialog was closed.');
  });
});

describe('results show what they hold', () => {
  it('shows content annotations (audience, priority)', () => {
    render(<ContentBlockView block={{ type: 'text', text: 'for you', annotations: { audience: ['user'], priority: 0.9, lastModified: null } }} />);
    expect(screen.getByTestId('annotations')).toHaveTextContent('For the user · priority 0.9 (high)');
  });

  it('shows no annotation line when there is none', () => {
    render(<ContentBlockView block={{ type: 'text', text: 'plain' }} />);
    expect(screen.queryByTestId('annotations')).toBeNull();
  });

  it('enlarges an image and closes it with Escape', async () => {
    const user = userEvent.setup();
    render(<ContentBlockView block={{ type: 'image', data: PNG, mimeType: 'image/png' }} />);
    expect(screen.queryByRole('dialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: /Enlarge/ }));
    const dialog = screen.getByRole('dialog', { name: /Enlarged/ });
    expect(dialog.querySelector('img')).toHaveAttribute('src', `data:image/png;base64,${PNG}`);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens a resource link by reading the linked resource', async () => {
    const user = userEvent.setup();
    const reads: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'resource_read') {
        reads.push((args as { req: unknown }).req);
        return {
          contents: [{ kind: 'text', uri: 'mem://notes', mimeType: 'text/markdown', text: '# Notes\n\nlinked body' }],
          exchange: { method: 'resources/read', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1 },
        };
      }
      return null;
    });
    render(
      <ServerIdContext.Provider value="s1">
        <ContentBlockView block={{ type: 'resource_link', uri: 'mem://notes', name: 'notes', title: null, description: null, mimeType: 'text/markdown' }} />
      </ServerIdContext.Provider>,
    );
    await user.click(screen.getByRole('button', { name: 'Open' }));
    expect(await screen.findByRole('heading', { name: 'Notes' })).toBeInTheDocument();
    expect(reads).toEqual([{ serverId: 's1', uri: 'mem://notes' }]);
    // The link shows the URI once; the contents under it do not repeat it.
    expect(screen.getAllByText('mem://notes')).toHaveLength(1);
  });

  it('renders a markdown text resource and does not repeat the URI shown above it', () => {
    render(<ResourceContentsList contents={[{ kind: 'text', uri: 'mem://readme', mimeType: 'text/markdown', text: '## Read me\n\n**bold**' }]} shownUri="mem://readme" />);
    expect(screen.getByRole('heading', { name: 'Read me' })).toBeInTheDocument();
    expect(screen.queryByText('mem://readme')).toBeNull();
  });

  it('shows a blob with a text MIME type as text, still offering to save it', () => {
    render(<ResourceContentsView contents={{ kind: 'blob', uri: 'mem://log.txt', mimeType: 'text/plain', blob: b64('line one ✓') }} />);
    expect(screen.getByText('line one ✓')).toBeInTheDocument();
    expect(screen.getByText(/^Text, /)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save as…' })).toBeInTheDocument();
  });
});
