import { describe, expect, it } from 'vitest';
import { isPlainText, plainParagraphs } from './plainText';

describe('plain text', () => {
  it('recognizes prose that markdown would leave as it is', () => {
    expect(isPlainText('Block 1 of 1000: record 0 is up to date.')).toBe(true);
    expect(isPlainText('Two lines\nof one paragraph.\n\nAnd another (with parentheses), 3.5 items.')).toBe(true);
    expect(isPlainText('See https://example.com/a-b for more.')).toBe(true);
  });

  it('leaves anything with markup to the markdown parser', () => {
    for (const text of [
      '**bold**',
      '_em_',
      'a `code` span',
      '[link](https://example.com)',
      '<b>html</b>',
      'Tom &amp; Jerry',
      '![image](data:x)',
      '# Heading',
      'Title\n=====',
      'Title\n---',
      '- item',
      '* item',
      '+ item',
      '1. first',
      '2) second',
      '> quoted',
      '    indented code',
      '\tindented code',
      'hard  \nbreak',
      'escaped \\* star',
      'a | table',
    ]) {
      expect(isPlainText(text), text).toBe(false);
    }
  });

  it('splits paragraphs at blank lines as markdown does', () => {
    expect(plainParagraphs('  one\ntwo  \n\n\nthree\n \nfour\n')).toEqual(['one\ntwo', 'three', 'four']);
  });
});
