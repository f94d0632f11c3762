import { useState } from 'react';
import { type CompletionSource, useCompletion } from '../hooks/useCompletion';
import './completions.css';

type Props = {
  id: string;
  name: string;
  value: string;
  required: boolean;
  describedBy?: string;
  onChange: (value: string) => void;
  /** Where suggestions come from; none without a server (or one without completions). */
  completion?: CompletionSource;
};

/** A text input that offers the server's completions for what is typed. */
export function CompletingInput({ id, name, value, required, describedBy, onChange, completion }: Props) {
  const [focused, setFocused] = useState(false);
  // Closed once a suggestion is chosen (or on Escape), until the user types again.
  const [closed, setClosed] = useState(false);
  const suggestions = useCompletion(completion, name, value, focused && completion !== undefined);
  const listId = `${id}-suggestions`;
  const open = !closed && suggestions.length > 0;
  return (
    <div className="completing">
      <input
        id={id}
        required={required}
        value={value}
        autoComplete="off"
        data-testid={`arg-${name}`}
        role={completion ? 'combobox' : undefined}
        aria-expanded={completion ? open : undefined}
        aria-controls={completion ? listId : undefined}
        aria-describedby={describedBy}
        onFocus={() => setFocused(true)}
        // A suggestion is chosen on mousedown, before the blur would close the list.
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && open) {
            e.preventDefault();
            setClosed(true);
          }
        }}
        onChange={(e) => {
          setClosed(false);
          onChange(e.target.value);
        }}
      />
      {open && (
        <ul id={listId} className="suggestions" role="listbox" data-testid={`suggestions-${name}`}>
          {suggestions.map((s) => (
            <li key={s} role="option" aria-selected={false}>
              <button
                type="button"
                className="suggestion"
                data-testid="suggestion"
                onMouseDown={(e) => {
                  e.preventDefault();
                  setClosed(true);
                  onChange(s);
                }}
              >
                {s}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
