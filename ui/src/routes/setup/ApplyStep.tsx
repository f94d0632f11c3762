import { useEffect } from 'react';
import type { SetupPlan } from '../../bindings/ipc';
import { SetupRunView } from '../../components/SetupRunView';
import { useSetupRun } from '../../hooks/useSetupRun';
import { StepFrame } from './StepFrame';

type Props = {
  name: string;
  plan: SetupPlan | null;
  step: { index: number; total: number };
  onBack: () => void;
  onRetry: () => void;
  onDone: () => void;
};

/** Setup running, step by step, from the core's progress events; moves on by itself when it finishes. */
export function ApplyStep({ name, plan, step, onBack, onRetry, onDone }: Props) {
  const run = useSetupRun(name);
  const status = run?.status ?? null;
  useEffect(() => {
    if (status === 'done') onDone();
  }, [status, onDone]);
  return (
    <StepFrame
      screen="apply"
      title={`Setting up ${name}`}
      step={step}
      onBack={status === 'failed' || !run ? onBack : undefined}
      onSubmit={() => undefined}
      next={null}
    >
      {run ? <SetupRunView run={run} plan={plan} onRetry={onRetry} /> : <p className="muted">Setup has not started.</p>}
    </StepFrame>
  );
}
