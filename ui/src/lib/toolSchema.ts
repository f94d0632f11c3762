import type { RJSFSchema } from '@rjsf/utils';
import { getDefaultFormState } from '@rjsf/utils';
import { schemaValidator } from './schemaValidator';

/** A tool's inputSchema as a form schema: always an object at the top, without a title that repeats the tool name. */
export function formSchema(inputSchema: Record<string, unknown>): RJSFSchema {
  const schema: RJSFSchema = { ...(inputSchema as RJSFSchema) };
  if (schema.type === undefined) schema.type = 'object';
  delete schema.title;
  return schema;
}

/** The arguments a form starts with: the schema's defaults, merged over `initial` when replaying a call. */
export function initialArguments(schema: RJSFSchema, initial?: Record<string, unknown>): Record<string, unknown> {
  try {
    const state = getDefaultFormState<unknown>(schemaValidator, schema, initial ?? {}, schema);
    return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : {};
  } catch {
    // Some schemas defeat the form library (e.g. a property named `constructor` under a frozen prototype).
    return initial ?? {};
  }
}

/** Parses the raw JSON editor's text into an arguments object, or explains why not. */
export function parseArguments(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, error: 'Arguments must be a JSON object.' };
    }
    return { ok: true, value: value as Record<string, unknown> };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : 'Invalid JSON.' };
  }
}
