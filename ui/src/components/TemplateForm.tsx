import { useId, useState } from 'react';
import type { ResourceTemplateInfo } from '../bindings/ipc';
import { expandTemplate, templateVariables } from '../lib/uriTemplate';

type Props = { template: ResourceTemplateInfo; busy: boolean; onRead: (uri: string) => void };

/** One input per {variable} of a resource template, and the URI they expand to. */
export function TemplateForm({ template, busy, onRead }: Props) {
  const variables = templateVariables(template.uriTemplate);
  // A Map: a variable named `constructor` or `__proto__` must not find Object's members.
  const [values, setValues] = useState<ReadonlyMap<string, string>>(() => new Map());
  const uri = expandTemplate(template.uriTemplate, values);
  const complete = variables.every((v) => (values.get(v) ?? '') !== '');
  const baseId = useId();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (complete) onRead(uri);
      }}
    >
      {variables.map((v) => (
        <div key={v} className="field">
          <label htmlFor={`${baseId}-${v}`}>
            {v} <span className="required" aria-hidden="true">*</span>
          </label>
          <input
            id={`${baseId}-${v}`}
            required
            value={values.get(v) ?? ''}
            onChange={(e) => {
              const value = e.target.value;
              setValues((prev) => new Map(prev).set(v, value));
            }}
          />
        </div>
      ))}
      <p className="muted">
        <code data-testid="template-uri">{uri}</code>
      </p>
      <div>
        <button type="submit" className="btn btn-primary" data-testid="template-read" disabled={!complete || busy}>
          Read
        </button>
      </div>
    </form>
  );
}
