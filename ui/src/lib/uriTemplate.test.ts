import { describe, expect, it } from 'vitest';
import { expandTemplate, templateVariables } from './uriTemplate';

describe('uri templates', () => {
  it('lists variables once, without modifiers', () => {
    expect(templateVariables('repo://{owner}/{name}/issues{?state,limit}{#frag*}')).toEqual(['owner', 'name', 'state', 'limit', 'frag']);
  });

  it('expands simple, query and reserved expressions with encoding', () => {
    expect(expandTemplate('repo://{owner}/{name}/issues{?state,limit}', { owner: 'a b', name: 'x/y', state: 'open' })).toBe(
      'repo://a%20b/x%2Fy/issues?state=open',
    );
    expect(expandTemplate('file://{+path}', { path: '/etc/hosts' })).toBe('file:///etc/hosts');
    expect(expandTemplate('x{/seg}', {})).toBe('x');
  });
});
