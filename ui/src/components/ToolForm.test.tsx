import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ToolForm } from './ToolForm';

const schema = {
  type: 'object',
  required: ['query', 'owner'],
  properties: {
    query: { type: 'string', title: 'Query', minLength: 1 },
    limit: { type: 'integer', title: 'Limit', default: 10 },
    mode: { type: 'string', title: 'Mode', enum: ['fast', 'thorough'], default: 'fast' },
    owner: {
      type: 'object',
      title: 'Owner',
      required: ['login'],
      properties: { login: { type: 'string', title: 'Login' }, admin: { type: 'boolean', title: 'Admin' } },
    },
    labels: {
      type: 'array',
      title: 'Labels',
      items: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', title: 'Label name' }, color: { type: 'string', title: 'Color' } },
      },
    },
    target: {
      title: 'Target',
      oneOf: [
        { title: 'By URL', type: 'object', properties: { url: { type: 'string', title: 'URL' } }, required: ['url'] },
        { title: 'By path', type: 'object', properties: { path: { type: 'string', title: 'Path' } }, required: ['path'] },
      ],
    },
    when: {
      title: 'When',
      anyOf: [
        { title: 'Timestamp', type: 'integer' },
        { title: 'Text', type: 'string' },
      ],
    },
  },
};

function setup(initial?: Record<string, unknown>) {
  const onCall = vi.fn();
  render(<ToolForm inputSchema={schema} initial={initial} running={false} onCall={onCall} onCancel={() => undefined} />);
  return { onCall };
}

function rawJson(): Record<string, unknown> {
  return JSON.parse((screen.getByTestId('tool-raw-json') as HTMLTextAreaElement).value) as Record<string, unknown>;
}

describe('ToolForm', () => {
  it('generates fields for nested objects, arrays, enums, oneOf and anyOf, with defaults filled in', () => {
    setup();
    expect(screen.getByLabelText(/^Query/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Limit/)).toHaveValue('10');
    expect(screen.getByLabelText(/^Mode/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Login/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Admin/)).toBeInTheDocument();
    expect(screen.getByText('Labels')).toBeInTheDocument();
    expect(screen.getByLabelText(/^URL/)).toBeInTheDocument();
    expect(screen.getAllByRole('combobox').length).toBeGreaterThanOrEqual(2);
    expect(rawJson()).toMatchObject({ limit: 10, mode: 'fast' });
  });

  it('marks required fields and keeps Call disabled until they are valid', async () => {
    setup();
    expect(screen.getByLabelText(/^Query/)).toBeRequired();
    expect(screen.getByTestId('tool-call')).toBeDisabled();
  });

  it('fills the form, adds an array item and submits the produced arguments', async () => {
    const user = userEvent.setup();
    const { onCall } = setup();
    await user.type(screen.getByLabelText(/^Query/), 'hello');
    await user.type(screen.getByLabelText(/^Login/), 'ada');
    await user.type(screen.getByLabelText(/^URL/), 'https://example.com');
    await user.click(screen.getByRole('button', { name: /add/i }));
    await user.type(await screen.findByLabelText(/^Label name/), 'bug');
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    await user.click(screen.getByTestId('tool-call'));
    expect(onCall).toHaveBeenCalledTimes(1);
    expect(onCall.mock.calls[0]?.[0]).toMatchObject({
      query: 'hello',
      limit: 10,
      mode: 'fast',
      owner: { login: 'ada' },
      labels: [{ name: 'bug' }],
      target: { url: 'https://example.com' },
    });
    expect(rawJson()).toMatchObject({ query: 'hello', owner: { login: 'ada' } });
  });

  it('shows errors next to fields', async () => {
    const user = userEvent.setup();
    setup({ query: 'x', owner: { login: 'a' }, target: { url: 'u' } });
    const limit = screen.getByLabelText(/^Limit/);
    await user.clear(limit);
    await user.type(limit, '1.5');
    // Under the field and in the list under the form, both naming the field.
    expect(await screen.findAllByText('Limit must be a whole number')).toHaveLength(2);
    expect(screen.getByTestId('tool-call')).toBeDisabled();
  });

  it('keeps the form in sync with the JSON editor and blocks calls on bad JSON', async () => {
    const { onCall } = setup();
    const editor = screen.getByTestId('tool-raw-json');
    fireEvent.change(editor, { target: { value: '{"query": "from json", "owner": {"login": "x"}, "target": {"url": "u"}}' } });
    await waitFor(() => expect(screen.getByLabelText(/^Query/)).toHaveValue('from json'));
    expect(screen.getByLabelText(/^Login/)).toHaveValue('x');
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    fireEvent.change(editor, { target: { value: '{"query": ' } });
    expect(screen.getByRole('alert')).toBeInTheDocument();
    expect(screen.getByTestId('tool-call')).toBeDisabled();
    fireEvent.change(editor, { target: { value: '{"query": "q", "owner": {"login": "x"}, "target": {"path": "/p"}}' } });
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    fireEvent.click(screen.getByTestId('tool-call'));
    expect(onCall.mock.calls[0]?.[0]).toMatchObject({ query: 'q', target: { path: '/p' } });
  });

  it('switches oneOf/anyOf options and enum values through the form', async () => {
    const user = userEvent.setup();
    const { onCall } = setup({ query: 'q', owner: { login: 'o' } });
    await user.selectOptions(screen.getByLabelText(/^Mode/), 'thorough');
    const [targetSelect, whenSelect] = screen
      .getAllByRole('combobox')
      .filter((el) => within(el).queryByRole('option', { name: /^By path$|^Text$/ }) !== null);
    expect(targetSelect).toBeDefined();
    expect(whenSelect).toBeDefined();
    await user.selectOptions(targetSelect as HTMLElement, 'By path');
    await user.type(await screen.findByLabelText(/^Path/), '/etc/hosts');
    await user.selectOptions(whenSelect as HTMLElement, 'Text');
    await user.type(await screen.findByLabelText(/^When/), 'tomorrow');
    await waitFor(() => expect(screen.getByTestId('tool-call')).toBeEnabled());
    await user.click(screen.getByTestId('tool-call'));
    expect(onCall.mock.calls[0]?.[0]).toMatchObject({ mode: 'thorough', target: { path: '/etc/hosts' }, when: 'tomorrow' });
    expect(onCall.mock.calls[0]?.[0]).not.toHaveProperty('target.url');
  });

  it('calls with Ctrl+Enter from the JSON editor', async () => {
    const { onCall } = setup({ query: 'q', owner: { login: 'o' }, target: { url: 'u' } });
    fireEvent.keyDown(screen.getByTestId('tool-raw-json'), { key: 'Enter', ctrlKey: true });
    expect(onCall).toHaveBeenCalledTimes(1);
  });

  it('pre-fills replayed arguments', () => {
    setup({ query: 'again', limit: 3 });
    expect(screen.getByLabelText(/^Query/)).toHaveValue('again');
    expect(screen.getByLabelText(/^Limit/)).toHaveValue('3');
  });

  it('says letters in a number field are not a number, not that the field is required', async () => {
    const user = userEvent.setup();
    setup({ query: 'x', owner: { login: 'a' }, target: { url: 'u' } });
    const limit = screen.getByLabelText(/^Limit/);
    await user.clear(limit);
    await user.type(limit, 'abc');
    const problems = await screen.findByTestId('form-problems');
    expect(problems).toHaveTextContent('1 field to fix before calling: Limit must be a whole number');
    expect(screen.queryByText(/is required/)).toBeNull();
    expect(rawJson()).toMatchObject({ limit: 'abc' });
    expect(screen.getByTestId('tool-call')).toBeDisabled();
  });

  it('counts as many problems as fields flagged, each named with its problem', async () => {
    const user = userEvent.setup();
    const { container } = render(
      <ToolForm inputSchema={schema} initial={{ query: 'x', owner: { login: 'a' }, target: { url: 'u' } }} running={false} onCall={() => undefined} onCancel={() => undefined} />,
    );
    await user.clear(screen.getByLabelText(/^Query/));
    const limit = screen.getByLabelText(/^Limit/);
    await user.clear(limit);
    await user.type(limit, '2.5');
    await waitFor(() => expect(screen.getAllByTestId('form-problem')).toHaveLength(2), { timeout: 3000 }).catch(() => {
      throw new Error(screen.getByTestId('form-problems').textContent ?? '');
    });
    const flagged = container.querySelectorAll('.rjsf .error-detail');
    expect(flagged).toHaveLength(2);
    expect(screen.getByTestId('form-problems')).toHaveTextContent('2 fields to fix before calling:');
    expect(screen.getAllByTestId('form-problem').map((p) => p.textContent)).toEqual([
      'Query is required',
      'Limit must be a whole number',
    ]);
  });

  it('names the missing fields of a form not touched yet, and a click on one goes to it', async () => {
    const user = userEvent.setup();
    setup();
    expect(screen.getByTestId('form-problems')).toHaveTextContent('2 fields to fix before calling:');
    expect(screen.getAllByTestId('form-problem').map((p) => p.textContent)).toEqual(['Query is required', 'Owner › Login is required']);
    await user.click(screen.getAllByTestId('form-problem')[1] as HTMLElement);
    expect(screen.getByLabelText(/^Login/)).toHaveFocus();
  });

  it('restores a draft as it was typed, JSON that does not parse included, and reports every edit', async () => {
    const onDraftChange = vi.fn();
    render(
      <ToolForm
        inputSchema={schema}
        draft={{ args: { query: 'kept' }, text: '{"query": "kept", ' }}
        onDraftChange={onDraftChange}
        running={false}
        onCall={() => undefined}
        onCancel={() => undefined}
      />,
    );
    expect(screen.getByLabelText(/^Query/)).toHaveValue('kept');
    expect(screen.getByTestId('tool-raw-json')).toHaveValue('{"query": "kept", ');
    expect(screen.getByTestId('form-problems')).toHaveTextContent('Fix the JSON to call.');
    fireEvent.change(screen.getByLabelText(/^Query/), { target: { value: 'changed' } });
    await waitFor(() => expect(onDraftChange).toHaveBeenLastCalledWith(expect.objectContaining({ args: expect.objectContaining({ query: 'changed' }) })));
  });
});
