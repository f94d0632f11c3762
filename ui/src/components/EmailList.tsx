import { useId, useState } from 'react';
import { emailError, normaliseEmail } from '../lib/setupInput';

type Props = { emails: string[]; onChange: (emails: string[]) => void; error?: string };

/** A list of email addresses: type one, Add (or Enter), remove any. Each is checked before it joins the list. */
export function EmailList({ emails, onChange, error }: Props) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string>();
  const add = () => {
    const problem = emailError(draft, emails);
    setDraftError(problem);
    if (problem) return;
    onChange([...emails, normaliseEmail(draft)]);
    setDraft('');
  };
  const shown = draftError ?? (emails.length === 0 ? error : undefined);
  return (
    <div className="field">
      <label htmlFor={id}>Email address</label>
      <div className="inline-row">
        <input
          id={id}
          type="email"
          data-testid="setup-email-input"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          aria-invalid={Boolean(shown)}
          aria-describedby={shown ? `${id}-error` : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setDraftError(undefined);
          }}
          onKeyDown={(e) => {
            // Enter with an address typed adds it; with the box empty it submits the step as usual.
            if (e.key === 'Enter' && draft.trim()) {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" className="btn" data-testid="setup-email-add" onClick={add}>
          Add
        </button>
      </div>
      {shown && (
        <p id={`${id}-error`} className="field-error" data-testid="setup-email-error">
          {shown}
        </p>
      )}
      {emails.length > 0 && (
        <ul className="plain-list chips" aria-label="Allowed email addresses" data-testid="setup-email-list">
          {emails.map((e) => (
            <li key={e} className="chip" data-testid={`setup-email-${e}`}>
              <span className="selectable">{e}</span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={`Remove ${e}`}
                data-testid={`setup-email-remove-${e}`}
                onClick={() => onChange(emails.filter((x) => x !== e))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
