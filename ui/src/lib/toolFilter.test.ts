import { describe, expect, it } from 'vitest';
import { manyTools } from '../test/fixtures';
import { filterTools, indexTools } from './toolFilter';

describe('filterTools', () => {
  const index = indexTools(manyTools(5000));

  it('returns everything for an empty query', () => {
    expect(filterTools(index, '  ')).toHaveLength(5000);
  });

  it('matches name, title and description case-insensitively', () => {
    expect(filterTools(index, 'TOOL_4999').map((t) => t.tool.name)).toEqual(['tool_4999']);
    expect(filterTools(index, 'number 4998').map((t) => t.tool.name)).toEqual(['tool_4998']);
    expect(filterTools(index, 'weather')).toHaveLength(Math.ceil(5000 / 7));
    expect(filterTools(index, 'weather item 14').map((t) => t.tool.name)).toContain('tool_14');
  });

  it('filters 5,000 tools quickly', () => {
    const start = performance.now();
    for (const q of ['t', 'to', 'too', 'tool_', 'tool_1', 'weather', 'zzz']) filterTools(index, q);
    const perQuery = (performance.now() - start) / 7;
    expect(perQuery).toBeLessThan(20);
  });
});

describe('indexTools', () => {
  const tool = (name: string, title: string | null = null) => ({ name, title, description: null, annotations: null });

  it('numbers tools of one name and keeps their order among that name for tool_get', () => {
    const index = indexTools([tool('a'), tool('b'), tool('a'), tool('a')]);
    expect(index.map((t) => [t.key, t.occurrence, t.duplicateName])).toEqual([
      ['a', 0, false],
      ['b', 0, false],
      ['a#2', 1, true],
      ['a#3', 2, true],
    ]);
  });

  it('marks labels that look the same once hidden characters, width and case are set aside', () => {
    const index = indexTools([
      tool('read_file', 'Read File'),
      tool('read_file_2', 'read\u200Bfile'.replace('file', ' File')),
      tool('ｒｅａｄ', null),
      tool('read', null),
      tool('plain', 'Plain'),
    ]);
    expect(index.map((t) => t.looksLikeAnother)).toEqual([true, true, true, true, false]);
  });
});
