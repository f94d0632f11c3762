import { prettyJson } from '../lib/format';

type Props = { value: unknown; label?: string; testId?: string };

export function JsonView({ value, label, testId }: Props) {
  return (
    <pre className="json" aria-label={label} data-testid={testId} tabIndex={0}>
      {prettyJson(value)}
    </pre>
  );
}

/** JSON folded behind a summary line, for long lists of exchanges and notifications. */
export function JsonDisclosure({ summary, value }: { summary: React.ReactNode; value: unknown }) {
  return (
    <details className="disclosure">
      <summary>{summary}</summary>
      <JsonView value={value} />
    </details>
  );
}
