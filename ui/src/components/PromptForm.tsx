import { useId, useState } from 'react';
import type { PromptInfo } from '../bindings/ipc';
import { CompletingInput } from './CompletingInput';

/** `serverId`: ask that server to complete the arguments as they are typed (when it offers completions). */
type Props = { prompt: PromptInfo; busy: boolean; onGet: (args: Record<string, string>) => void; serverId?: string };

export function PromptForm({ prompt, busy, onGet, serverId }: Props) {
  // A Map: an argument named `constructor` or `__proto__` must not find Object's members.
  const [values, setValues] = useState<ReadonlyMap<string, string>>(() => new Map());
  const complete = prompt.arguments.every((a) => !a.required || (values.get(a.name) ?? '') !== '');
  const baseId = useId();
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (!complete) return;
        const args = Object.fromEntries([...values].filter(([, v]) => v !== ''));
        onGet(args);
      }}
    >
      {prompt.arguments.length === 0 && <p className="muted">This prompt takes no arguments.</p>}
      {prompt.arguments.map((a) => (
        <div key={a.name} className="field">
          <label htmlFor={`${baseId}-${a.name}`}>
            {a.name}
            {a.required && (
              <span className="required" title="required">
                {' '}
                *
              </span>
            )}
          </label>
          <CompletingInput
            id={`${baseId}-${a.name}`}
            name={a.name}
            required={a.required}
            value={values.get(a.name) ?? ''}
            onChange={(value) => setValues((prev) => new Map(prev).set(a.name, value))}
            describedBy={a.description ? `${baseId}-${a.name}-d` : undefined}
            completion={serverId ? { serverId, target: { kind: 'prompt', name: prompt.name }, context: values } : undefined}
          />
          {a.description && (
            <p id={`${baseId}-${a.name}-d`} className="field-help">
              {a.description}
            </p>
          )}
        </div>
      ))}
      <div>
        <button type="submit" className="btn btn-primary" data-testid="prompt-get" disabled={!complete || busy}>
          Get prompt
        </button>
      </div>
    </form>
  );
}
