import { useId, useState } from 'react';
import type { ResourceTemplateInfo } from '../bindings/ipc';
import { expandTemplate, templateVariables } from '../lib/uriTemplate';

type Props = { template: ResourceTemplateInfo; busy: boolean; onRead: (uri: string) => void };

/** One input per {variable} of a resource template, and the URI they expand to. */
export function TemplateForm({ template, busy, onRead }: Props) {
  const variables = templateVariables(template.uriTemplate);
  const [values, setValues] = useState<Record<string, string>>({});
  const uri = expandTemplate(template.uriTemplate, values);
  const complete = variables.every((v) => (values[v] ?? '') !== '');
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
            value={values[v] ?? ''}
            onChange={(e) => setValues((prev) => ({ ...prev, [v]: e.target.value }))}
          />
        </div>
      ))}
      <p className="muted">
        <code>{uri}</code>
      </p>
      <div>
        <button type="submit" className="btn btn-primary" disabled={!complete || busy}>
          Read
        </button>
      </div>
    </form>
  );
}
