import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { draftOf, schemaValidator } from './schemaValidator';

type Errs = Record<string, { __errors?: string[] } & Record<string, unknown>>;
const errs = (e: unknown) => e as Errs;

const person: RJSFSchema = {
  type: 'object',
  required: ['name', 'age'],
  properties: {
    name: { type: 'string', minLength: 2 },
    age: { type: 'integer', minimum: 0 },
    color: { type: 'string', enum: ['red', 'green'] },
    address: {
      type: 'object',
      required: ['city'],
      properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[0-9]{5}$' } },
    },
    tags: { type: 'array', items: { type: 'object', required: ['key'], properties: { key: { type: 'string' } } } },
  },
  additionalProperties: false,
};

describe('InterpretingValidator', () => {
  it('accepts valid data', () => {
    const res = schemaValidator.validateFormData({ name: 'Ada', age: 36, tags: [{ key: 'k' }] }, person);
    expect(res.errors).toEqual([]);
    expect(schemaValidator.isValid(person, { name: 'Ada', age: 36 }, person)).toBe(true);
  });

  it('reports each missing required property at its own path', () => {
    const res = schemaValidator.validateFormData({}, person);
    expect(res.errors.map((e) => e.property).sort()).toEqual(['.age', '.name']);
    expect(errs(res.errorSchema).name?.__errors).toEqual(['is required']);
  });

  it('reports leaf errors at nested paths, including arrays of objects', () => {
    const res = schemaValidator.validateFormData(
      { name: 'A', age: -1, color: 'blue', address: { zip: 'abc' }, tags: [{ key: 'ok' }, {}] },
      person,
    );
    const byPath = Object.fromEntries(res.errors.map((e) => [e.property, e.message]));
    expect(byPath).toEqual({
      '.name': 'must have at least 2 characters',
      '.age': 'must be at least 0',
      '.color': 'must be one of "red", "green"',
      '.address.city': 'is required',
      '.address.zip': 'must match the pattern ^[0-9]{5}$',
      '.tags.1.key': 'is required',
    });
    const tagErrors = (errs(res.errorSchema).tags as unknown as Record<string, { key?: { __errors?: string[] } }> | undefined)?.['1'];
    expect(tagErrors?.key?.__errors).toHaveLength(1);
  });

  it('reports a wrong type and additional properties', () => {
    const res = schemaValidator.validateFormData({ name: 'Ada', age: 'old', extra: 1 }, person);
    const byPath = Object.fromEntries(res.errors.map((e) => [e.property, e.message]));
    expect(byPath['.age']).toBe('must be a whole number');
    expect(byPath['']).toBe('has a field the tool does not accept');
  });

  it('keeps only the closest branch of a failed oneOf', () => {
    const schema: RJSFSchema = {
      type: 'object',
      properties: {
        target: {
          oneOf: [
            { type: 'object', required: ['url'], properties: { url: { type: 'string' } } },
            { type: 'object', required: ['path', 'line'], properties: { path: { type: 'string' }, line: { type: 'integer' } } },
          ],
        },
      },
    };
    const res = schemaValidator.validateFormData({ target: { path: 'a' } }, schema);
    expect(res.errors.map((e) => e.property)).toEqual(['.target.url']);
    expect(schemaValidator.isValid(schema, { target: { url: 'x' } }, schema)).toBe(true);
  });

  it('resolves $ref against the root schema when rjsf checks a sub-schema', () => {
    const root: RJSFSchema = {
      $defs: { pos: { type: 'integer', minimum: 1 } },
      type: 'object',
      properties: { n: { $ref: '#/$defs/pos' } },
    };
    const option: RJSFSchema = { type: 'object', properties: { n: { $ref: '#/$defs/pos' } } };
    expect(schemaValidator.isValid(option, { n: 2 }, root)).toBe(true);
    expect(schemaValidator.isValid(option, { n: 0 }, root)).toBe(false);
    const res = schemaValidator.validateFormData({ n: 0 }, root);
    expect(res.errors).toMatchObject([{ property: '.n', message: 'must be at least 1' }]);
  });

  it('reports an unresolvable schema as a validation error rather than throwing', () => {
    const bad: RJSFSchema = { type: 'object', properties: { a: { $ref: '#/nowhere' } } };
    const raw = schemaValidator.rawValidation(bad, { a: 1 });
    expect(raw.validationError).toBeInstanceOf(Error);
    expect(schemaValidator.isValid(bad, { a: 1 }, bad)).toBe(false);
    expect(schemaValidator.validateFormData({ a: 1 }, bad).errors.length).toBeGreaterThan(0);
  });

  it('applies transformErrors and customValidate', () => {
    const res = schemaValidator.validateFormData(
      { name: 'Ada', age: 3 },
      person,
      (data, errors) => {
        if ((data as { age: number }).age < 18) {
          (errors as unknown as Record<string, { addError: (m: string) => void }>).age?.addError('too young');
        }
        return errors;
      },
      (errs) => errs,
    );
    expect(errs(res.errorSchema).age?.__errors).toEqual(['too young']);
  });

  it('picks the draft from $schema', () => {
    expect(draftOf({ $schema: 'http://json-schema.org/draft-07/schema#' })).toBe('7');
    expect(draftOf({})).toBe('2020-12');
  });

  it('does not use eval or new Function', async () => {
    const spy = globalThis.Function;
    let constructed = 0;
    globalThis.Function = new Proxy(spy, {
      construct(target, args) {
        constructed += 1;
        return Reflect.construct(target, args) as object;
      },
      apply(target, thisArg, args) {
        constructed += 1;
        return Reflect.apply(target, thisArg, args) as unknown;
      },
    });
    try {
      schemaValidator.validateFormData({ name: 'x' }, { ...person });
    } finally {
      globalThis.Function = spy;
    }
    expect(constructed).toBe(0);
  });
});
