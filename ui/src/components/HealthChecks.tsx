import type { DeploymentHealth } from '../bindings/ipc';
import { ErrorNotice } from './ErrorNotice';

/** A deployment's live state: healthy, or what needs attention with its fix; and every check behind it. */
export function HealthChecks({ health }: { health: DeploymentHealth }) {
  const failed = health.checks.filter((c) => !c.ok).length;
  return (
    <div className="stack">
      {health.attention && <ErrorNotice error={health.attention} title="Needs attention" testId={`deployment-attention-${health.name}`} />}
      {health.checks.length > 0 && (
        <details className="disclosure" open={!health.healthy}>
          <summary>
            Checks: {health.checks.length - failed} of {health.checks.length} passed
          </summary>
          <ul className="plain-list check-list" data-testid={`deployment-checks-${health.name}`}>
            {health.checks.map((c) => (
              <li key={c.title} className="check-item" data-ok={c.ok}>
                <span className={c.ok ? 'step-icon step-icon-done' : 'step-icon step-icon-failed'} aria-hidden="true">
                  {c.ok ? '✓' : '✕'}
                </span>
                <span className="visually-hidden">{c.ok ? 'Passed:' : 'Failed:'}</span>
                <strong>{c.title}</strong>
                <span className="muted selectable">{c.detail}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
