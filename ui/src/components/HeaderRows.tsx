import { useId } from 'react';

export type HeaderRow = { key: number; name: string; value: string; secret: boolean; hasStoredSecret: boolean };

type Props = { rows: HeaderRow[]; onChange: (rows: HeaderRow[]) => void };

let nextKey = 1;
export function newHeaderRow(): HeaderRow {
  return { key: nextKey++, name: '', value: '', secret: false, hasStoredSecret: false };
}

/** Custom request headers; a secret value is write-only: the UI only knows that one is stored. */
export function HeaderRows({ rows, onChange }: Props) {
  const baseId = useId();
  const update = (key: number, patch: Partial<HeaderRow>) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <fieldset className="fieldset">
      <legend>Custom headers</legend>
      {rows.length === 0 && <p className="muted">None. Add one for API keys or tenant ids.</p>}
      {rows.map((r, i) => {
        const id = `${baseId}-${r.key}`;
        const keepsSecret = r.secret && r.hasStoredSecret;
        return (
          <div key={r.key} className="header-row">
            <div className="field">
              <label htmlFor={`${id}-name`}>Header {i + 1} name</label>
              <input
                id={`${id}-name`}
                value={r.name}
                placeholder="X-Api-Key"
                autoComplete="off"
                onChange={(e) => update(r.key, { name: e.target.value })}
              />
            </div>
            <div className="field grow">
              <label htmlFor={`${id}-value`}>Header {i + 1} value</label>
              <input
                id={`${id}-value`}
                type={r.secret ? 'password' : 'text'}
                value={r.value}
                autoComplete="off"
                placeholder={keepsSecret ? 'Secret set — leave empty to keep it' : ''}
                onChange={(e) => update(r.key, { value: e.target.value })}
              />
            </div>
            <label className="toggle">
              <input type="checkbox" checked={r.secret} onChange={(e) => update(r.key, { secret: e.target.checked })} />
              Secret
            </label>
            <button
              type="button"
              className="btn btn-ghost"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => onChange(rows.filter((x) => x.key !== r.key))}
            >
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" className="btn" onClick={() => onChange([...rows, newHeaderRow()])}>
        Add header
      </button>
    </fieldset>
  );
}
