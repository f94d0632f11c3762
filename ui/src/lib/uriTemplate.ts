// RFC 6570 URI templates (all four levels), as MCP resource templates use them: expansion by the url-template library;
// here only the list of variables a form asks for, and how what the user typed becomes a value.
import { parseTemplate, type PrimitiveValue } from 'url-template';

const EXPRESSION = /\{([+#./;?&=,!@|]?)([^}]+)\}/g;

type VarSpec = { name: string; explode: boolean };

function specs(template: string): VarSpec[] {
  const found: VarSpec[] = [];
  for (const m of template.matchAll(EXPRESSION)) {
    for (const raw of (m[2] ?? '').split(',')) {
      const trimmed = raw.trim();
      const name = trimmed.replace(/\*$/, '').replace(/:\d+$/, '');
      if (name && !found.some((s) => s.name === name)) found.push({ name, explode: trimmed.endsWith('*') });
    }
  }
  return found;
}

/** The template's variables, each once, in order, without modifiers. */
export function templateVariables(template: string): string[] {
  return specs(template).map((s) => s.name);
}

/** Values by variable name. A Map, so that names like `constructor` or `__proto__` are only what the user typed. */
export type TemplateValues = ReadonlyMap<string, string>;

/**
 * Expands the template. An empty value leaves its variable undefined (RFC 6570 then drops it); a variable with the
 * explode modifier (`{/path*}`) takes a comma-separated entry as a list.
 */
export function expandTemplate(template: string, given: TemplateValues | Record<string, string>): string {
  const values: TemplateValues = given instanceof Map ? given : new Map(Object.entries(given));
  // No prototype: a variable named `constructor` must not find Object's member when the user left it empty.
  const context: Record<string, PrimitiveValue | PrimitiveValue[]> = Object.create(null);
  for (const { name, explode } of specs(template)) {
    const value = values.get(name) ?? '';
    if (value === '') continue;
    context[name] = explode ? value.split(',').map((part) => part.trim()) : value;
  }
  return parseTemplate(template).expand(context);
}
