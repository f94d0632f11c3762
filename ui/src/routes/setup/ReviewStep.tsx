import { useEffect, useState } from 'react';
import type { SetupInput, SetupPlan } from '../../bindings/ipc';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PlanList } from '../../components/PlanList';
import { Skeleton } from '../../components/Spinner';
import { usePrivateCall } from '../../hooks/usePrivateCall';
import { StepFrame } from './StepFrame';

type Props = {
  input: SetupInput;
  step: { index: number; total: number };
  onBack: () => void;
  onApply: (plan: SetupPlan) => void;
};

/** What setup would create or change, as the core plans it; nothing changes until "Set up". */
export function ReviewStep({ input: initial, step, onBack, onApply }: Props) {
  // The input cannot change on this screen; a private call keeps it (it may hold the manual path's secret) out of
  // the query cache.
  const [input] = useState(initial);
  const plan = usePrivateCall('setup_plan');
  const { run } = plan;
  useEffect(() => {
    void run(input);
  }, [run, input]);

  return (
    <StepFrame
      screen="review"
      title="Review the plan"
      step={step}
      onBack={onBack}
      onSubmit={() => {
        if (plan.data) onApply(plan.data);
      }}
      next={{ label: plan.data?.resumes ? 'Resume setup' : 'Set up', testId: 'setup-apply', disabled: !plan.data, busy: plan.pending }}
    >
      <p>
        This is what setup will do on the account for <strong>{input.name}</strong>. Nothing has changed yet.
      </p>
      {plan.pending && <Skeleton lines={5} />}
      {plan.error && (
        <ErrorNotice error={plan.error} title="Could not plan the setup">
          <button type="button" className="btn" data-testid="setup-plan-again" onClick={() => void run(input)}>
            Try again
          </button>
        </ErrorNotice>
      )}
      {plan.data && <PlanList plan={plan.data} />}
    </StepFrame>
  );
}
