import type { PlanAction, SetupPlan } from '../bindings/ipc';

const ACTION: Record<PlanAction, { label: string; tone: string }> = {
  create: { label: 'create', tone: 'badge-accent' },
  update: { label: 'update', tone: 'badge-warn' },
  reuse: { label: 'reuse', tone: '' },
  check: { label: 'check', tone: '' },
  done: { label: 'done', tone: 'badge-ok' },
  skip: { label: 'skip', tone: 'badge-muted' },
};

/** What setup would do, step by step, as the core planned it (nothing changed yet). */
export function PlanList({ plan }: { plan: SetupPlan }) {
  return (
    <div className="stack">
      {plan.resumes && (
        <div className="notice notice-info" data-testid="setup-plan-resumes">
          <p className="notice-body">
            An earlier run of {plan.name} stopped part way. Setup picks up where it stopped: steps marked “done” are not
            repeated.
          </p>
        </div>
      )}
      {plan.workerUrl && (
        <p>
          The server will answer at <code data-testid="setup-plan-worker-url">{plan.workerUrl}</code>
        </p>
      )}
      <ol className="plain-list plan-list" data-testid="setup-plan" aria-label="Plan">
        {plan.steps.map((s) => (
          <li key={s.step} className="plan-item" data-testid={`setup-plan-${s.step}`} data-action={s.action}>
            <span className={`badge plan-badge ${ACTION[s.action].tone}`}>{ACTION[s.action].label}</span>
            <div className="plan-text">
              <strong>{s.title}</strong>
              <span className="muted selectable">{s.detail}</span>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
