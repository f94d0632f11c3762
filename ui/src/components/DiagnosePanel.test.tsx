import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport, LoginTimeline } from '../bindings/ipc';
import { createQueryClient } from '../lib/queryClient';
import { DiagnosePanel } from './DiagnosePanel';

afterEach(() => {
  cleanup();
  clearMocks();
});

const report: DoctorReport = {
  url: 'https://mcp.example/mcp',
  checkedAt: '2026-12-07T12:00:00Z',
  checks: [
    { id: 'dns', title: 'Name resolution', status: 'pass', found: 'mcp.example is at 192.0.2.1.', fix: null },
    {
      id: 'tls',
      title: 'Certificate (TLS)',
      status: 'fail',
      found: "The server's certificate expired on 2021-01-01.",
      fix: "The server's administrator must renew the certificate.",
    },
  ],
};

const timeline = (waiting: boolean): LoginTimeline => ({
  serverUrl: 'https://mcp.example/mcp',
  guided: true,
  steps: [
    {
      kind: 'serverMetadata',
      atMs: 0,
      title: 'Authorization-server metadata',
      summary: 'Issuer https://as.example.',
      http: {
        method: 'GET',
        url: 'https://as.example/.well-known/oauth-authorization-server',
        requestHeaders: [],
        requestBody: null,
        status: waiting ? null : 200,
        responseHeaders: [],
        responseBody: null,
        error: null,
      },
      params: [],
      waiting,
    },
  ],
});

function withClient(ui: React.ReactNode) {
  return render(<QueryClientProvider client={createQueryClient()}>{ui}</QueryClientProvider>);
}

describe('DiagnosePanel', () => {
  it('runs the doctor at once and shows each check with its fix; the timeline sends a waiting request', async () => {
    const user = userEvent.setup();
    const calls: string[] = [];
    let waiting = true;
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'doctor_run') return report;
      if (cmd === 'timeline_get') return timeline(waiting);
      if (cmd === 'timeline_step') {
        waiting = false;
        return timeline(false);
      }
      return null;
    });
    withClient(<DiagnosePanel serverId="s1" onClose={() => undefined} />);
    expect(await screen.findByText('1 check(s) failed.')).toBeInTheDocument();
    expect(screen.getByTestId('doctor-check-tls')).toHaveAttribute('data-status', 'fail');
    expect(screen.getByText(/What to do: The server's administrator must renew/)).toBeInTheDocument();

    await user.click(screen.getByTestId('diagnose-tab-timeline'));
    expect(await screen.findByText('waiting to be sent')).toBeInTheDocument();
    await user.click(screen.getByTestId('timeline-send'));
    expect(calls).toContain('timeline_step');
    expect(await screen.findByText('Issuer https://as.example.')).toBeInTheDocument();
    expect(screen.queryByText('waiting to be sent')).not.toBeInTheDocument();
  });
});
