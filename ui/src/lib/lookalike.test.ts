import { describe, expect, it } from 'vitest';
import { escapeHidden, nameIssues, revealHidden, visibleForm } from './lookalike';

describe('look-alike names', () => {
  it('passes plain names and marks hidden, reordering and mixed-script ones', () => {
    expect(nameIssues('read_file')).toEqual([]);
    expect(nameIssues('Привет')).toEqual([]);
    expect(nameIssues('read\u200Bfile')).toEqual(['invisible']);
    expect(nameIssues('invoice\u202Efdp.exe')).toEqual(['bidi']);
    expect(nameIssues('r\u0435ad_file')).toEqual(['mixed-script']);
  });

  it('shows each hidden character as its code point, in place', () => {
    expect(revealHidden('invoice\u202Efdp.exe')).toEqual([
      { text: 'invoice', hidden: false },
      { text: '\u202E', hidden: true, codePoint: 'U+202E', bidi: true },
      { text: 'fdp.exe', hidden: false },
    ]);
  });

  it('escapes hidden characters in JSON so it stays valid and readable', () => {
    const json = escapeHidden(JSON.stringify({ name: 'a\u202Eb\u200Bc\u{E0041}' }));
    expect(json).toBe('{"name":"a\\u202eb\\u200bc\\udb40\\udc41"}');
    expect(JSON.parse(json)).toEqual({ name: 'a\u202Eb\u200Bc\u{E0041}' });
  });

  it('reduces a name to what the eye sees', () => {
    expect(visibleForm('Read\u200B_File')).toBe(visibleForm('read_file'));
  });
});
