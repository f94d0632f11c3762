import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { PromptForm } from './PromptForm';
import { TemplateForm } from './TemplateForm';

describe('variables named like Object members', () => {
  it('a template with {constructor} and {__proto__} starts empty and expands to what was typed', () => {
    const onRead = vi.fn();
    render(<TemplateForm template={{ uriTemplate: 'note://{constructor}/{__proto__}', name: 't', title: null, description: null, mimeType: null }} busy={false} onRead={onRead} />);
    expect(screen.getByTestId('template-read')).toBeDisabled();
    expect(screen.getByTestId('template-uri')).toHaveTextContent(/^note:\/\/\/$/);
    const [first, second] = screen.getAllByRole('textbox') as [HTMLElement, HTMLElement];
    fireEvent.change(first, { target: { value: 'a' } });
    expect(screen.getByTestId('template-read')).toBeDisabled();
    fireEvent.change(second, { target: { value: 'b' } });
    expect(screen.getByTestId('template-uri')).toHaveTextContent('note://a/b');
    fireEvent.click(screen.getByTestId('template-read'));
    expect(onRead).toHaveBeenCalledWith('note://a/b');
  });

  it('a prompt with required constructor and __proto__ arguments cannot be got empty, and sends them as typed', () => {
    const onGet = vi.fn();
    const prompt = {
      name: 'p',
      title: null,
      description: null,
      arguments: [
        { name: 'constructor', description: null, required: true },
        { name: '__proto__', description: null, required: true },
      ],
    };
    render(<PromptForm prompt={prompt} busy={false} onGet={onGet} />);
    expect(screen.getByTestId('prompt-get')).toBeDisabled();
    const [first, second] = screen.getAllByRole('textbox') as [HTMLElement, HTMLElement];
    fireEvent.change(first, { target: { value: 'x' } });
    fireEvent.change(second, { target: { value: 'y' } });
    fireEvent.click(screen.getByTestId('prompt-get'));
    const args = onGet.mock.calls[0]?.[0] as Record<string, string>;
    expect(Object.getOwnPropertyNames(args).sort()).toEqual(['__proto__', 'constructor']);
    expect(JSON.stringify(args)).toBe('{"constructor":"x","__proto__":"y"}');
  });
});
