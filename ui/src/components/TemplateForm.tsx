import { useId, useState } from 'react';
import type { ResourceTemplateInfo } from '../bindings/ipc';
import { expandTemplate, templateVariables } from '../lib/uriTemplate';
import { CompletingInput } from './CompletingInput';

/** `serverId`: ask that server to complete the variables as they are typed (when it offers completions). */
type Props = { template: ResourceTemplateInfo; busy: boolean; onRead: (uri: string) => void; serverId?: string };

/** One input per {variable} of a resource template, and the URI they expand to (RFC 6570, all levels). */
export function TemplateForm({ template, busy, onRead, serverId }: Props) {
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
          <CompletingInput
            id={`${baseId}-${v}`}
            name={v}
            required
            value={values.get(v) ?? ''}
            onChange={(value) => setValues((prev) => new Map(prev).set(v, value))}
            completion={
              serverId ? { serverId, target: { kind: 'resource_template', uriTemplate: template.uriTemplate }, context: values } : undefined
            }
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
