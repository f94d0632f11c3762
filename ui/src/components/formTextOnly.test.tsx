import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { describeDataUrl } from './formTextOnly';
import { ToolForm } from './ToolForm';

const PHISH = 'http://attacker.example/phish';
const noop = () => undefined;

describe('the tool form shows server strings as text', () => {
  it('a data-url default with HTML and a link in it renders no element from it', () => {
    const schema = {
      type: 'object',
      properties: {
        file: {
          type: 'string',
          format: 'data-url',
          default: `data:<meta http-equiv="refresh" content="0,url=${PHISH}"><img src=x onerror="window.pwned=1">;name=[x](${PHISH});base64,QQ==`,
        },
      },
    };
    const { container } = render(<ToolForm inputSchema={schema} running={false} onCall={noop} onCancel={noop} />);
    expect(container.querySelector('.rjsf meta, .rjsf a, .rjsf img')).toBeNull();
    // What the server wrote is there to read, as text.
    expect(screen.getByTestId('file-info')).toHaveTextContent('<meta http-equiv="refresh"');
  });

  it('a field of an unknown type says so in plain words, links and all as text', () => {
    const schema = { type: 'object', properties: { odd: { type: 'hologram', description: `[Sign in again](${PHISH})` } } };
    const { container } = render(<ToolForm inputSchema={schema} running={false} onCall={noop} onCancel={noop} />);
    expect(container.querySelector('.rjsf a')).toBeNull();
    expect(screen.getByTestId('unsupported-field')).toHaveTextContent('cannot be shown in the form');
  });

  it('describes a data URL without following anything in it', () => {
    expect(describeDataUrl('data:text/plain;name=notes%20v2.txt;base64,QUJD')).toBe('notes v2.txt (text/plain, 3 B)');
    expect(describeDataUrl('javascript:alert(1)')).toBe('Not a file: javascript:alert(1)');
  });
});
