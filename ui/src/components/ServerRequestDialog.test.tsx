import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { PendingServerRequest, ServerProfile } from '../bindings/ipc';
import { serverRequests } from '../lib/serverRequests';
import { type Call, renderApp, resetAppStores, sendEvent } from '../test/renderApp';

const profile: ServerProfile = {
  id: 's1',
  name: 'Coffee server',
  url: 'https://mcp.example.com/mcp',
  headers: [],
  timeoutSecs: 60,
  oauthClientId: null,
  hasClientSecret: false,
  roots: [],
};

const COFFEE_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', title: 'Name on the cup', default: 'Guest' },
    size: {
      type: 'string',
      title: 'Size',
      oneOf: [
        { const: 'small', title: 'Small (8 oz)' },
        { const: 'medium', title: 'Medium (12 oz)' },
      ],
      default: 'medium',
    },
    milk: { type: 'string', title: 'Milk', enum: ['none', 'oat'], enumNames: ['No milk', 'Oat milk'], default: 'oat' },
    extras: {
      type: 'array',
      title: 'Extras',
      items: { anyOf: [{ const: 'cinnamon', title: 'Cinnamon' }, { const: 'vanilla', title: 'Vanilla syrup' }] },
      default: ['cinnamon'],
    },
    shots: { type: 'integer', title: 'Shots', minimum: 1, maximum: 4, default: 2 },
    decaf: { type: 'boolean', title: 'Decaf', default: false },
  },
  required: ['name'],
};

const ORDER = ['name', 'size', 'milk', 'extras', 'shots', 'decaf'];

function pending(ask: PendingServerRequest['ask'], requestId = 'sr-1'): PendingServerRequest {
  return { requestId, serverId: 's1', at: 1, ask };
}

function start(waiting: PendingServerRequest[]): Call[] {
  const { calls } = renderApp((cmd) => {
    if (cmd === 'servers_list') return [profile];
    if (cmd === 'server_requests_list') return waiting;
    return null;
  });
  return calls;
}

function answers(calls: Call[]): unknown[] {
  return calls.filter((c) => c.cmd === 'server_request_answer').map((c) => c.req);
}

beforeEach(() => {
  resetAppStores();
  serverRequests.set(() => ({ pending: [], visits: [] }));
});

describe('a form from the server (elicitation, form mode)', () => {
  it('shows the fields with the server defaults and titled choices, and sends them', async () => {
    const user = userEvent.setup();
    const calls = start([pending({ type: 'elicit_form', message: 'How would you like your coffee?', requestedSchema: COFFEE_SCHEMA, propertyOrder: ORDER })]);
    const dialog = await screen.findByTestId('server-request');
    expect(within(dialog).getByRole('heading')).toHaveTextContent('Coffee server asks you to fill in a form');
    // The form's code loads when a server first asks for one.
    expect(await within(dialog).findByTestId('server-request-message')).toHaveTextContent('How would you like your coffee?');
    expect(within(dialog).getByLabelText(/^Name on the cup/)).toHaveValue('Guest');
    expect(within(dialog).getByRole('option', { name: 'Medium (12 oz)' })).toHaveProperty('selected', true);
    expect(within(dialog).getByRole('option', { name: 'Oat milk' })).toHaveProperty('selected', true);
    expect(within(dialog).getByRole('checkbox', { name: 'Cinnamon' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'Vanilla syrup' })).not.toBeChecked();
    expect(within(dialog).getByLabelText(/^Shots/)).toHaveValue(2);
    // In the server's order, not the alphabetical one.
    const labels = [...dialog.querySelectorAll('label')].map((l) => l.textContent ?? '');
    expect(labels.findIndex((l) => l.startsWith('Name on the cup'))).toBeLessThan(labels.findIndex((l) => l.startsWith('Shots')));
    expect(labels.findIndex((l) => l.startsWith('Shots'))).toBeLessThan(labels.findIndex((l) => l.startsWith('Decaf')));

    await user.click(within(dialog).getByRole('checkbox', { name: 'Vanilla syrup' }));
    await user.click(within(dialog).getByTestId('elicit-accept'));
    await waitFor(() => expect(screen.queryByTestId('server-request')).not.toBeInTheDocument());
    expect(answers(calls)).toEqual([
      {
        requestId: 'sr-1',
        reply: {
          type: 'accept',
          content: { name: 'Guest', size: 'medium', milk: 'oat', extras: ['cinnamon', 'vanilla'], shots: 2, decaf: false },
        },
      },
    ]);
  });

  it('holds back a form that breaks its schema, and can be declined or cancelled', async () => {
    const user = userEvent.setup();
    const calls = start([
      pending({ type: 'elicit_form', message: 'First', requestedSchema: COFFEE_SCHEMA, propertyOrder: ORDER }, 'sr-1'),
      pending({ type: 'elicit_form', message: 'Second', requestedSchema: COFFEE_SCHEMA, propertyOrder: ORDER }, 'sr-2'),
    ]);
    const dialog = await screen.findByTestId('server-request');
    expect(dialog).toHaveTextContent('1 more waiting after this one.');
    await user.clear(await within(dialog).findByLabelText(/^Shots/));
    await user.type(within(dialog).getByLabelText(/^Shots/), '9');
    expect(within(dialog).getByTestId('elicit-accept')).toBeDisabled();
    await user.click(within(dialog).getByTestId('elicit-decline'));
    await waitFor(() => expect(screen.getByTestId('server-request-message')).toHaveTextContent('Second'));
    await user.click(screen.getByTestId('elicit-cancel'));
    await waitFor(() => expect(screen.queryByTestId('server-request')).not.toBeInTheDocument());
    expect(answers(calls)).toEqual([
      { requestId: 'sr-1', reply: { type: 'decline' } },
      { requestId: 'sr-2', reply: { type: 'cancel' } },
    ]);
  });

  it('closes when the server withdraws the request', async () => {
    start([]);
    // The window listens once the app has started.
    await screen.findByText('Coffee server');
    await sendEvent({
      kind: 'server_request_opened',
      request: pending({ type: 'elicit_form', message: 'Quick question', requestedSchema: COFFEE_SCHEMA, propertyOrder: ORDER }),
    });
    expect(await screen.findByTestId('server-request')).toBeInTheDocument();
    await sendEvent({ kind: 'server_request_closed', serverId: 's1', requestId: 'sr-1', end: 'cancelled_by_server' });
    await waitFor(() => expect(screen.queryByTestId('server-request')).not.toBeInTheDocument());
  });
});

describe('a page to visit (elicitation, URL mode)', () => {
  const url = 'https://accounts.example.com/link?code=ab12';

  it('shows the full URL and opens the browser only after the user agrees, then waits for the server', async () => {
    const user = userEvent.setup();
    const calls = start([pending({ type: 'elicit_url', message: 'Link your account', url, elicitationId: 'el-1' })]);
    const dialog = await screen.findByTestId('server-request');
    expect(within(dialog).getByTestId('elicit-url-full')).toHaveTextContent(url);
    expect(within(dialog).getByTestId('elicit-url-host')).toHaveTextContent('accounts.example.com');
    expect(calls.some((c) => c.cmd.includes('opener'))).toBe(false);

    await user.click(within(dialog).getByTestId('elicit-open'));
    await waitFor(() => expect(calls.some((c) => c.cmd === 'plugin:opener|open_url')).toBe(true));
    const answered = calls.findIndex((c) => c.cmd === 'server_request_answer');
    const opened = calls.findIndex((c) => c.cmd === 'plugin:opener|open_url');
    expect(answered).toBeGreaterThanOrEqual(0);
    expect(answered).toBeLessThan(opened);
    expect(answers(calls)).toEqual([{ requestId: 'sr-1', reply: { type: 'accept', content: null } }]);
    expect(await screen.findByTestId('elicit-visit-waiting')).toBeInTheDocument();

    await sendEvent({ kind: 'elicitation_completed', serverId: 's1', elicitationId: 'el-1' });
    expect(await screen.findByTestId('elicit-visit-done')).toHaveTextContent('Coffee server says the page is done.');
  });

  it('never opens a page that is not on the web, and declining opens nothing', async () => {
    const user = userEvent.setup();
    const calls = start([pending({ type: 'elicit_url', message: 'Run this', url: 'file:///etc/passwd', elicitationId: 'el-2' })]);
    const dialog = await screen.findByTestId('server-request');
    expect(within(dialog).getByTestId('elicit-open')).toBeDisabled();
    await user.click(within(dialog).getByTestId('elicit-decline'));
    await waitFor(() => expect(answers(calls)).toEqual([{ requestId: 'sr-1', reply: { type: 'decline' } }]));
    expect(calls.some((c) => c.cmd.includes('opener'))).toBe(false);
  });
});

describe('a reply to write (sampling)', () => {
  const params = {
    messages: [{ role: 'user', content: { type: 'text', text: 'Write a haiku about the sea.' } }],
    systemPrompt: 'You are a poet.',
    modelPreferences: { hints: [{ name: 'claude' }], speedPriority: 0.30000001192092896 },
    maxTokens: 100,
  };

  it('shows the request whole, says no model is called, and sends what the user wrote', async () => {
    const user = userEvent.setup();
    const calls = start([pending({ type: 'sampling', params })]);
    const dialog = await screen.findByTestId('server-request');
    expect(within(dialog).getByTestId('sampling-no-model')).toHaveTextContent('Gatehouse does not call any model');
    expect(within(dialog).getByTestId('sampling-system-prompt')).toHaveTextContent('You are a poet.');
    expect(within(dialog).getByTestId('sampling-messages')).toHaveTextContent('userWrite a haiku about the sea.');
    expect(within(dialog).getByTestId('sampling-max-tokens')).toHaveTextContent('100');
    expect(within(dialog).getByTestId('sampling-preferences')).toHaveTextContent('Hints: claude · Speed 0.3');
    expect(within(dialog).getByTestId('sampling-send')).toBeDisabled();
    await user.type(within(dialog).getByTestId('sampling-reply'), 'Waves fold into foam');
    await user.click(within(dialog).getByTestId('sampling-send'));
    await waitFor(() =>
      expect(answers(calls)).toEqual([{ requestId: 'sr-1', reply: { type: 'sampled', text: 'Waves fold into foam', model: null } }]),
    );
  });

  it('can be rejected', async () => {
    const user = userEvent.setup();
    const calls = start([pending({ type: 'sampling', params })]);
    await user.click(await screen.findByTestId('sampling-reject'));
    await waitFor(() => expect(answers(calls)).toEqual([{ requestId: 'sr-1', reply: { type: 'reject' } }]));
  });
});
