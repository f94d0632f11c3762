// tauri.conf.json sets "freezePrototype": true, so Object.prototype is frozen in the app. Make sure the form
// library, the validator and the markdown renderer still work there (assigning e.g. `obj.toString` would throw).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ContentBlockView } from './components/ContentBlockView';
import { ToolForm } from './components/ToolForm';
import type { RJSFSchema } from '@rjsf/utils';
import { schemaValidator } from './lib/schemaValidator';

beforeAll(() => {
  Object.freeze(Object.prototype);
});

describe('with a frozen Object.prototype', () => {
  it('generates, validates and submits a form', async () => {
    const user = userEvent.setup();
    const onCall = vi.fn();
    const schema = {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', title: 'Name' },
        count: { type: 'integer', title: 'Count', default: 1 },
        items: { type: 'array', title: 'Items', items: { type: 'object', properties: { a: { type: 'string', title: 'A' } } } },
        pick: { title: 'Pick', anyOf: [{ type: 'string', title: 'S' }, { type: 'number', title: 'N' }] },
      },
    };
    render(<ToolForm inputSchema={schema} running={false} onCall={onCall} onCancel={() => undefined} />);
    await user.type(screen.getByLabelText(/^Name/), 'x');
    await user.click(screen.getByRole('button', { name: /add/i }));
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    await user.click(screen.getByTestId('tool-call'));
    expect(onCall.mock.calls[0]?.[0]).toMatchObject({ name: 'x', count: 1, items: [{}] });
    expect(schemaValidator.errorsOf({ name: 1 }, schema as RJSFSchema).length).toBeGreaterThan(0);
  });

  it('falls back to the JSON editor when the form library cannot handle a schema', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const onCall = vi.fn();
    const schema = { type: 'object', required: ['constructor'], properties: { constructor: { type: 'string' } } };
    render(<ToolForm inputSchema={schema} running={false} onCall={onCall} onCancel={() => undefined} />);
    expect(await screen.findByText(/cannot be shown as a form/)).toBeInTheDocument();
    expect(screen.getByTestId('tool-call')).toBeDisabled();
    fireEvent.change(screen.getByTestId('tool-raw-json'), { target: { value: '{"constructor": "x"}' } });
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    fireEvent.click(screen.getByTestId('tool-call'));
    expect(onCall).toHaveBeenCalledWith({ constructor: 'x' });
    vi.restoreAllMocks();
  });

  it('renders markdown', () => {
    render(<ContentBlockView block={{ type: 'text', text: '# Hi\n\n- a\n- [b](https://example.com)' }} />);
    expect(screen.getByRole('heading', { name: 'Hi' })).toBeInTheDocument();
  });
});
