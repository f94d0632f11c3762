// RFC 6570 templates as MCP resource templates use them: enough to list the variables and fill them in.
const EXPRESSION = /\{([+#./;?&]?)([^}]+)\}/g;

export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const m of template.matchAll(EXPRESSION)) {
    for (const raw of (m[2] ?? '').split(',')) {
      const name = raw.replace(/[*]$/, '').replace(/:\d+$/, '').trim();
      if (name && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

const SEPARATOR: Record<string, [first: string, sep: string, named: boolean, reserved: boolean]> = {
  '': ['', ',', false, false],
  '+': ['', ',', false, true],
  '#': ['#', ',', false, true],
  '.': ['.', '.', false, false],
  '/': ['/', '/', false, false],
  ';': [';', ';', true, false],
  '?': ['?', '&', true, false],
  '&': ['&', '&', true, false],
};

function encode(value: string, reserved: boolean): string {
  return reserved ? encodeURI(value) : encodeURIComponent(value);
}

/** Values by variable name. A Map, so that names like `constructor` or `__proto__` are only what the user typed. */
export type TemplateValues = ReadonlyMap<string, string>;

export function expandTemplate(template: string, given: TemplateValues | Record<string, string>): string {
  const values: TemplateValues = given instanceof Map ? given : new Map(Object.entries(given));
  return template.replace(EXPRESSION, (_all, op: string, body: string) => {
    const [first, sep, named, reserved] = SEPARATOR[op] ?? SEPARATOR[''] ?? ['', ',', false, false];
    const parts = body
      .split(',')
      .map((raw) => raw.replace(/[*]$/, '').replace(/:\d+$/, '').trim())
      .filter((name) => (values.get(name) ?? '') !== '')
      .map((name) => {
        const v = encode(values.get(name) ?? '', reserved);
        return named ? `${name}=${v}` : v;
      });
    return parts.length ? first + parts.join(sep) : '';
  });
}
