import { useState } from 'react';
import { prettyJson } from '../lib/format';

type Props = { value: unknown; label?: string; testId?: string };

export function JsonView({ value, label, testId }: Props) {
  return (
    <pre className="json" aria-label={label} data-testid={testId} tabIndex={0}>
      {prettyJson(value)}
    </pre>
  );
}

/** JSON folded behind a summary line, for long lists of exchanges and notifications. The JSON is only formatted
 * and rendered while open: a tools/list answer of 5,000 tools is megabytes. */
export function JsonDisclosure({ summary, value }: { summary: React.ReactNode; value: unknown }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && <JsonView value={value} />}
    </details>
  );
}
