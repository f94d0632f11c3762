import type { TeardownReport } from '../bindings/ipc';

type Props = { report: TeardownReport; onDismiss?: () => void };

/** What a teardown removed and what it kept on purpose, with why. */
export function TeardownReportCard({ report, onDismiss }: Props) {
  return (
    <section className="card stack teardown-report" data-testid="teardown-report" aria-label={`Teardown of ${report.name}`}>
      <div className="toolbar">
        <strong>{report.name} is torn down.</strong>
        <span className="spacer" />
        {onDismiss && (
          <button type="button" className="btn btn-small" data-testid="teardown-report-dismiss" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      <div>
        <h3>Removed</h3>
        {report.removed.length === 0 ? (
          <p className="muted">Nothing was left to remove.</p>
        ) : (
          <ul data-testid="teardown-removed">
            {report.removed.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
      </div>
      {report.kept.length > 0 && (
        <div>
          <h3>Kept</h3>
          <ul data-testid="teardown-kept">
            {report.kept.map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
