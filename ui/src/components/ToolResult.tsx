import { useState } from 'react';
import type { StructuredCheck, ToolCallOutcome } from '../bindings/ipc';
import { formatDuration } from '../lib/format';
import { ContentBlockList } from './ContentBlockList';
import { JsonView } from './JsonView';

function CheckBadge({ check }: { check: StructuredCheck | null }) {
  if (!check) return <span className="badge">no output schema</span>;
  switch (check.status) {
    case 'valid':
      return <span className="badge badge-ok">matches output schema</span>;
    case 'missing':
      return <span className="badge badge-warn">missing (tool declares an output schema)</span>;
    case 'invalid':
      return <span className="badge badge-error">does not match output schema</span>;
  }
}

export function ToolResult({ outcome }: { outcome: ToolCallOutcome }) {
  const [raw, setRaw] = useState(false);
  const hasStructured = outcome.structuredContent !== null && outcome.structuredContent !== undefined;
  return (
    <section className="result" data-testid="tool-result" aria-label="Result">
      <header className="result-header">
        {outcome.isError ? (
          <span className="badge badge-error" data-testid="result-error" role="alert">
            Tool reported an error
          </span>
        ) : (
          <span className="badge badge-ok">Success</span>
        )}
        <span className="muted">{formatDuration(outcome.exchange.durationMs)}</span>
        <span className="spacer" />
        <label className="toggle">
          <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} /> Raw
        </label>
      </header>
      {raw ? (
        <JsonView value={{ request: outcome.exchange.request, response: outcome.exchange.response }} label="Raw exchange" />
      ) : (
        <div className={outcome.isError ? 'result-blocks result-blocks-error' : 'result-blocks'}>
          {outcome.content.length === 0 && <p className="muted">No content.</p>}
          <ContentBlockList blocks={outcome.content} />
          {(hasStructured || outcome.structuredCheck) && (
            <div className="structured">
              <h4>
                Structured content <CheckBadge check={outcome.structuredCheck} />
              </h4>
              {outcome.structuredCheck?.status === 'invalid' && (
                <ul className="field-errors">
                  {outcome.structuredCheck.errors.map((e, i) => (
                    <li key={i}>{e}</li>
                  ))}
                </ul>
              )}
              {hasStructured && <JsonView value={outcome.structuredContent} label="Structured content" />}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
