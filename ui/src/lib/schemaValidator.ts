// An rjsf validator that interprets JSON Schema with @cfworker/json-schema instead of compiling it: the app's
// Content-Security-Policy forbids eval and `new Function`, which @rjsf/validator-ajv8 needs.
import { dereference, validate, type OutputUnit, type Schema, type SchemaDraft } from '@cfworker/json-schema';
import {
  createErrorHandler,
  getDefaultFormState,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  withIdRefPrefix,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';

const BASE = 'https://gatehouse.invalid/schema/';
/** rjsf's `withIdRefPrefix` rewrites `#/…` refs to `__rjsf_rootSchema#/…`; resolved against BASE that lands here. */
const ROOT_URI = `${BASE}__rjsf_rootSchema`;
const SUB_URI = `${BASE}__gatehouse_subschema`;

type Lookup = Record<string, Schema | boolean>;
type Prepared = { schema: Schema; lookup: Lookup; draft: SchemaDraft };

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** The draft a schema declares; MCP's default dialect is 2020-12. */
export function draftOf(schema: RJSFSchema): SchemaDraft {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  if (declared.includes('draft-04')) return '4';
  if (declared.includes('draft-06') || declared.includes('draft-07')) return '7';
  if (declared.includes('2019-09')) return '2019-09';
  return '2020-12';
}

/** Prepares `schema` for validation, with `$ref`s into `rootSchema` resolvable. Cached per object pair, because rjsf
 * asks `isValid` many times for the same oneOf/anyOf options while rendering. */
const cache = new WeakMap<object, WeakMap<object, Prepared>>();
function prepare(schema: RJSFSchema, rootSchema: RJSFSchema): Prepared {
  let byRoot = cache.get(rootSchema);
  if (!byRoot) {
    byRoot = new WeakMap();
    cache.set(rootSchema, byRoot);
  }
  const hit = byRoot.get(schema);
  if (hit) return hit;
  const draft = draftOf(rootSchema);
  const lookup: Lookup = Object.create(null) as Lookup;
  const root = { ...clone(rootSchema), $id: ROOT_URI } as Schema;
  dereference(root, lookup);
  let prepared: Prepared;
  if (schema === rootSchema) {
    prepared = { schema: root, lookup, draft };
  } else {
    const sub = { ...clone(withIdRefPrefix(schema) as RJSFSchema), $id: SUB_URI } as Schema;
    dereference(sub, lookup);
    prepared = { schema: sub, lookup, draft };
  }
  byRoot.set(schema, prepared);
  return prepared;
}

/** A JSON pointer fragment (`#/a/0`) as its unescaped segments. */
function pointerSegments(location: string): string[] {
  const path = location.replace(/^#/, '');
  if (path === '' || path === '/') return [];
  return path
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The schema node that holds the keyword at `keywordLocation`, following `$ref`s the way the validator did. */
function schemaAt(prepared: Prepared, keywordLocation: string): Record<string, unknown> | undefined {
  const segments = pointerSegments(keywordLocation).slice(0, -1);
  let node: unknown = prepared.schema;
  for (const seg of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    const rec = node as Record<string, unknown> & { __absolute_ref__?: string };
    if (seg === '$ref') {
      node = rec.__absolute_ref__ ? prepared.lookup[rec.__absolute_ref__] : undefined;
    } else {
      node = rec[seg];
    }
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

function instanceAt(instance: unknown, instanceLocation: string): unknown {
  let node = instance;
  for (const seg of pointerSegments(instanceLocation)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

function keywordOf(unit: OutputUnit): string {
  return unit.keyword;
}

/** Keeps the errors that say what is wrong: for a failed anyOf/oneOf only the closest branch's errors, and only
 * the deepest error of each chain (`properties` → `properties/a/type` keeps the latter). */
export function leafErrors(errors: readonly OutputUnit[]): OutputUnit[] {
  let kept = [...errors];
  for (const combinator of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const prefix = `${combinator.keywordLocation}/`;
    const branches = new Map<string, number>();
    for (const e of kept) {
      if (!e.keywordLocation.startsWith(prefix)) continue;
      const branch = e.keywordLocation.slice(prefix.length).split('/')[0] ?? '';
      branches.set(branch, (branches.get(branch) ?? 0) + 1);
    }
    if (branches.size === 0) continue;
    const best = [...branches.entries()].sort((a, b) => a[1] - b[1])[0]?.[0];
    kept = kept.filter(
      (e) => !e.keywordLocation.startsWith(prefix) || e.keywordLocation.startsWith(`${prefix}${best ?? ''}/`),
    );
  }
  // A `false` schema (additionalProperties: false) reports at its parent keyword's location: keep the parent.
  kept = kept.filter((e) => keywordOf(e) !== 'false' || !kept.some((o) => o !== e && o.keywordLocation === e.keywordLocation));
  return kept.filter(
    (e) => !kept.some((o) => o !== e && o.keywordLocation.startsWith(`${e.keywordLocation}/`)),
  );
}

function describe(value: unknown): string {
  return JSON.stringify(value);
}

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  integer: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  null: 'null',
};

function typeWords(v: unknown): string {
  const types = Array.isArray(v) ? v : [v];
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

function plural(n: unknown, word: string): string {
  return `${String(n)} ${word}${n === 1 ? '' : 's'}`;
}

function allowed(values: unknown): string {
  if (!Array.isArray(values)) return 'must be one of the allowed values';
  const shown = values.slice(0, 6).map(describe).join(', ');
  return `must be one of ${shown}${values.length > 6 ? ', …' : ''}`;
}

/** What is wrong, in plain words, to follow the field's name ("Limit must be a whole number"). */
function message(keyword: string, node: Record<string, unknown> | undefined, fallback: string): string {
  const v = node?.[keyword];
  switch (keyword) {
    case 'type':
      return `must be ${typeWords(v)}`;
    case 'enum':
      return allowed(v);
    case 'const':
      return `must be ${describe(v)}`;
    case 'minimum':
      return `must be at least ${String(v)}`;
    case 'maximum':
      return `must be at most ${String(v)}`;
    case 'exclusiveMinimum':
      return `must be more than ${String(v === true ? node?.minimum : v)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(v === true ? node?.maximum : v)}`;
    case 'multipleOf':
      return `must be a multiple of ${String(v)}`;
    case 'minLength':
      return v === 1 ? 'must not be empty' : `must have at least ${plural(v, 'character')}`;
    case 'maxLength':
      return `must have at most ${plural(v, 'character')}`;
    case 'pattern':
      return `must match the pattern ${String(v)}`;
    case 'format':
      return `must be a valid ${String(v)}`;
    case 'minItems':
      return `must have at least ${plural(v, 'item')}`;
    case 'maxItems':
      return `must have at most ${plural(v, 'item')}`;
    case 'uniqueItems':
      return 'must not list the same item twice';
    case 'minProperties':
      return `must have at least ${plural(v, 'field')}`;
    case 'maxProperties':
      return `must have at most ${plural(v, 'field')}`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
    case 'false':
      return 'has a field the tool does not accept';
    case 'anyOf':
      return 'does not match any of the accepted forms';
    case 'oneOf':
      return 'must match exactly one of the accepted forms';
    case 'not':
      return 'is a value the tool does not accept';
    default:
      return fallback;
  }
}

/** The instance path as rjsf spells it: `.a.0.b`, or '' for the root. */
function propertyPath(instanceLocation: string): string {
  return pointerSegments(instanceLocation)
    .map((s) => `.${s}`)
    .join('');
}

/** cfworker output units → rjsf validation errors (one per missing required property). */
export function toRjsfErrors(prepared: Prepared, formData: unknown, units: readonly OutputUnit[]): RJSFValidationError[] {
  const out: RJSFValidationError[] = [];
  const doneRequired = new Set<string>();
  for (const unit of leafErrors(units)) {
    const node = schemaAt(prepared, unit.keywordLocation);
    const property = propertyPath(unit.instanceLocation);
    if (unit.keyword === 'required') {
      const key = `${unit.instanceLocation}|${unit.keywordLocation}`;
      if (doneRequired.has(key)) continue;
      doneRequired.add(key);
      const required = Array.isArray(node?.required) ? (node.required as unknown[]) : [];
      const inst = instanceAt(formData, unit.instanceLocation);
      const present = typeof inst === 'object' && inst !== null ? (inst as Record<string, unknown>) : {};
      for (const name of required) {
        if (typeof name !== 'string' || Object.prototype.hasOwnProperty.call(present, name)) continue;
        const msg = 'is required';
        out.push({
          name: 'required',
          property: `${property}.${name}`,
          message: msg,
          params: { missingProperty: name },
          stack: `'${name}' ${msg}`,
          schemaPath: unit.keywordLocation,
          title: '',
        });
      }
      continue;
    }
    const msg = message(unit.keyword, node, unit.error);
    out.push({
      name: unit.keyword,
      property,
      message: msg,
      params: {},
      stack: `${property} ${msg}`.trim(),
      schemaPath: unit.keywordLocation,
      title: '',
    });
  }
  return out;
}

type RawResult = { errors?: OutputUnit[]; validationError?: Error };

/** A `ValidatorType` for rjsf that never evaluates generated code. */
export class InterpretingValidator implements ValidatorType<unknown, RJSFSchema> {
  private run(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): { prepared?: Prepared; sent?: unknown } & RawResult {
    try {
      const prepared = prepare(schema, rootSchema);
      // A cleared field is `undefined` in rjsf's data, which the validator refuses: judge what would be sent.
      const sent: unknown = formData === undefined ? undefined : JSON.parse(JSON.stringify(formData));
      const result = validate(sent, prepared.schema, prepared.draft, prepared.lookup, false);
      return { prepared, sent, errors: result.valid ? [] : result.errors };
    } catch (e) {
      return { validationError: e instanceof Error ? e : new Error(String(e)) };
    }
  }

  rawValidation<Result = OutputUnit>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    const { errors, validationError } = this.run(schema, formData, schema);
    return { errors: errors as Result[] | undefined, validationError };
  }

  /** The validation errors alone, without rjsf's error tree: what the Call button needs. */
  errorsOf(formData: unknown, schema: RJSFSchema): RJSFValidationError[] {
    const { prepared, sent, errors: units = [], validationError } = this.run(schema, formData, schema);
    const errors = prepared ? toRjsfErrors(prepared, sent, units) : [];
    return validationError ? [...errors, { stack: validationError.message }] : errors;
  }

  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator<unknown, RJSFSchema>,
    transformErrors?: ErrorTransformer<unknown, RJSFSchema>,
    uiSchema?: UiSchema<unknown, RJSFSchema>,
  ): ValidationData<unknown> {
    const { prepared, sent, errors: units = [], validationError } = this.run(schema, formData, schema);
    let errors: RJSFValidationError[] = prepared ? toRjsfErrors(prepared, sent, units) : [];
    if (validationError) errors = [...errors, { stack: validationError.message }];
    if (typeof transformErrors === 'function') errors = transformErrors(errors, uiSchema);
    let errorSchema: ReturnType<typeof toErrorSchema<unknown>>;
    try {
      errorSchema = toErrorSchema<unknown>(errors);
    } catch {
      // rjsf builds the tree by assignment, which fails for paths like `.constructor` under a frozen prototype.
      errorSchema = {} as typeof errorSchema;
    }
    if (validationError) {
      errorSchema = { ...errorSchema, $schema: { __errors: [validationError.message] } } as typeof errorSchema;
    }
    if (typeof customValidate !== 'function') return { errors, errorSchema };
    const full = getDefaultFormState<unknown, RJSFSchema>(this, schema, formData, schema, true);
    const handler = customValidate(full, createErrorHandler<unknown>(full), uiSchema, errorSchema);
    return validationDataMerge<unknown>({ errors, errorSchema }, unwrapErrorHandler<unknown>(handler));
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    const { errors, validationError } = this.run(schema, formData, rootSchema);
    return !validationError && errors !== undefined && errors.length === 0;
  }
}

/** One shared instance: it is stateless apart from its cache. */
export const schemaValidator = new InterpretingValidator();
