import type { RJSFSchema, UiSchema } from '@rjsf/utils';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `enum` + `enumNames` (the legacy titled enum) as `oneOf` of `const`/`title`, which the form library shows by title. */
function titledEnum(property: Json): Json {
  const values = property.enum;
  const names = property.enumNames;
  if (!Array.isArray(values) || !Array.isArray(names)) return property;
  const rest = { ...property };
  delete rest.enum;
  delete rest.enumNames;
  return {
    ...rest,
    oneOf: values.map((value, i) => ({ const: value, title: typeof names[i] === 'string' ? names[i] : String(value) })),
  };
}

/** A multi-select (an array whose items are an enum, or `anyOf`/`oneOf` of `const`s with titles) as a set of checkboxes. */
function isMultiSelect(property: Json): boolean {
  if (property.type !== 'array' || !isObject(property.items)) return false;
  const items = property.items;
  return Array.isArray(items.enum) || Array.isArray(items.anyOf) || Array.isArray(items.oneOf);
}

function multiSelect(property: Json): Json {
  const items = property.items as Json;
  // The form library lists choices from `enum` or from `oneOf` consts; SEP-1330 also allows `anyOf`.
  const choices = Array.isArray(items.anyOf) ? { oneOf: items.anyOf } : {};
  const restItems = { ...items };
  delete restItems.anyOf;
  return { ...property, uniqueItems: true, items: { type: 'string', ...restItems, ...choices } };
}

/**
 * An elicitation's `requestedSchema`, its fields in `order` (a flat object of primitive properties, SEP-1034 defaults, SEP-1330 titled
 * enums) as a form schema and the uiSchema that shows it: titled single-selects as drop-downs of titles, multi-selects
 * as checkboxes.
 */
export function elicitationForm(
  requested: Record<string, unknown>,
  order: readonly string[] = [],
): { schema: RJSFSchema; uiSchema: UiSchema } {
  const properties = isObject(requested.properties) ? requested.properties : {};
  const shaped: Json = {};
  const uiSchema: UiSchema = {};
  for (const [name, value] of Object.entries(properties)) {
    if (!isObject(value)) continue;
    if (isMultiSelect(value)) {
      shaped[name] = multiSelect(value);
      uiSchema[name] = { 'ui:widget': 'checkboxes' };
    } else {
      shaped[name] = titledEnum(value);
    }
  }
  // The server's field order (the core's JSON is sorted by name); anything unlisted after.
  const listed = order.filter((name) => name in shaped);
  if (listed.length > 0) uiSchema['ui:order'] = [...listed, '*'];
  const schema: RJSFSchema = { type: 'object', properties: shaped as RJSFSchema['properties'] };
  if (Array.isArray(requested.required)) schema.required = requested.required.filter((r): r is string => typeof r === 'string');
  return { schema, uiSchema };
}
