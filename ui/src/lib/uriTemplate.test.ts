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

describe('level 4 expansion (RFC 6570 examples)', () => {
  const values = { var: 'value', hello: 'Hello World!', path: '/foo/bar', list: 'red,green,blue', who: 'fred' };

  it('prefix modifiers', () => {
    expect(expandTemplate('{var:3}', values)).toBe('val');
    expect(expandTemplate('{+path:6}/here', values)).toBe('/foo/b/here');
  });

  it('explode modifiers take a comma-separated list', () => {
    expect(expandTemplate('{/list*}', values)).toBe('/red/green/blue');
    expect(expandTemplate('{?list*}', values)).toBe('?list=red&list=green&list=blue');
    expect(expandTemplate('{;list*}', values)).toBe(';list=red;list=green;list=blue');
  });

  it('every operator', () => {
    expect(expandTemplate('{#hello}', values)).toBe('#Hello%20World!');
    expect(expandTemplate('X{.var}', values)).toBe('X.value');
    expect(expandTemplate('{&who}', values)).toBe('&who=fred');
    expect(expandTemplate('{;who}', values)).toBe(';who=fred');
  });

  it('names like constructor are only what was typed', () => {
    expect(expandTemplate('note://{constructor}/{__proto__}', new Map([['__proto__', 'p']]))).toBe('note:///p');
  });
});
