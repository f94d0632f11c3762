import type { RJSFSchema, RJSFValidationError } from '@rjsf/utils';

/** One field the form cannot send yet: which (by its label), and what is wrong with it. */
export type FormProblem = { property: string; label: string; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema node of a property, looking into `properties` and into each oneOf/anyOf/allOf branch. */
function childSchema(node: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const props = node.properties;
  if (isRecord(props) && Object.prototype.hasOwnProperty.call(props, name) && isRecord(props[name])) return props[name];
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = node[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const found = isRecord(branch) ? childSchema(branch, name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** A field's name as the form shows it: the titles along rjsf's property path (`.owner.login` → "Owner › Login"),
 * the property's name where there is no title, and "item 2" for list entries. */
export function fieldLabel(schema: RJSFSchema, property: string): string {
  const segments = property.split('.').filter(Boolean);
  if (segments.length === 0) return 'The arguments';
  const names: string[] = [];
  let node: Record<string, unknown> | undefined = schema as Record<string, unknown>;
  for (const seg of segments) {
    if (/^\d+$/.test(seg) && node && (isRecord(node.items) || node.type === 'array')) {
      names.push(`item ${Number(seg) + 1}`);
      node = isRecord(node.items) ? node.items : undefined;
      continue;
    }
    const next: Record<string, unknown> | undefined = node ? childSchema(node, seg) : undefined;
    names.push(next && typeof next.title === 'string' && next.title.trim() !== '' ? next.title : seg);
    node = next;
  }
  return names.join(' › ');
}

/** The problems to show: one per field (its first error), in the order the validator reported them. The count the
 * form gives is the number of these, which is the number of fields it marks. */
export function formProblems(schema: RJSFSchema, errors: readonly RJSFValidationError[]): FormProblem[] {
  const out: FormProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    const property = e.property ?? '';
    if (seen.has(property)) continue;
    seen.add(property);
    out.push({ property, label: fieldLabel(schema, property), message: e.message ?? e.stack });
  }
  return out;
}

/** rjsf's error messages under each field, naming the field: "Limit must be a whole number". */
export function namedErrors(schema: RJSFSchema): (errors: RJSFValidationError[]) => RJSFValidationError[] {
  return (errors) =>
    errors.map((e) => {
      const label = fieldLabel(schema, e.property ?? '');
      const message = `${label} ${e.message ?? ''}`.trim();
      return { ...e, message, stack: message };
    });
}
