import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import { createQueryClient } from '../lib/queryClient';
import { PromptsTab } from './PromptsTab';
import { ResourcesTab } from './ResourcesTab';

afterEach(() => {
  cleanup();
  clearMocks();
});

function withClient(ui: React.ReactNode) {
  return render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
}

describe('ResourcesTab', () => {
  it('reads a resource and fills a template', async () => {
    const user = userEvent.setup();
    const reads: string[] = [];
    mockIPC((cmd, args) => {
      const req = (args as { req: Record<string, string> }).req;
      if (cmd === 'resources_list') {
        return {
          resources: [{ uri: 'mem://a', name: 'a', title: 'Alpha', description: null, mimeType: 'text/plain' }],
          templates: [{ uriTemplate: 'mem://{id}', name: 'byId', title: 'By id', description: null, mimeType: null }],
        };
      }
      if (cmd === 'resource_read') {
        reads.push(req.uri ?? '');
        return {
          contents: [{ kind: 'text', uri: req.uri, mimeType: 'text/plain', text: `body of ${req.uri ?? ''}` }],
          exchange: { method: 'resources/read', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1 },
        };
      }
      return [];
    });
    withClient(<ResourcesTab serverId="s1" />);
    await user.click(await screen.findByRole('button', { name: /Alpha/ }));
    expect(await screen.findByText('body of mem://a')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /By id/ }));
    const read = screen.getByRole('button', { name: 'Read' });
    expect(read).toBeDisabled();
    await user.type(screen.getByLabelText(/^id/), '42');
    await user.click(read);
    expect(await screen.findByText('body of mem://42')).toBeInTheDocument();
    expect(reads).toEqual(['mem://a', 'mem://42']);
  });
});

describe('PromptsTab', () => {
  it('requires required arguments and renders the messages', async () => {
    const user = userEvent.setup();
    let got: unknown;
    mockIPC((cmd, args) => {
      if (cmd === 'prompts_list') {
        return [
          {
            name: 'greet',
            title: 'Greet',
            description: 'Say hello',
            arguments: [
              { name: 'who', description: 'Whom to greet', required: true },
              { name: 'tone', description: null, required: false },
            ],
          },
        ];
      }
      if (cmd === 'prompt_get') {
        got = (args as { req: unknown }).req;
        return {
          description: null,
          messages: [
            { role: 'user', content: { type: 'text', text: 'Hello **Ada**' } },
            { role: 'assistant', content: { type: 'text', text: 'Hi!' } },
          ],
          exchange: { method: 'prompts/get', request: {}, response: {}, ok: true, startedAt: 0, durationMs: 1 },
        };
      }
      return [];
    });
    withClient(<PromptsTab serverId="s1" />);
    await user.click(await screen.findByRole('button', { name: /Greet/ }));
    const get = screen.getByRole('button', { name: 'Get prompt' });
    expect(get).toBeDisabled();
    expect(screen.getByLabelText(/^who/)).toBeRequired();
    await user.type(screen.getByLabelText(/^who/), 'Ada');
    await user.click(get);
    expect(await screen.findByText('Ada')).toBeInTheDocument();
    expect(screen.getByText('assistant')).toBeInTheDocument();
    expect(got).toEqual({ serverId: 's1', name: 'greet', arguments: { who: 'Ada' } });
  });
});
