import type { DisplayState } from '../lib/stepDisplay';
import { Spinner } from './Spinner';

const LABEL: Record<DisplayState, string> = {
  pending: 'Waiting',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

const GLYPH: Record<Exclude<DisplayState, 'running'>, string> = { pending: '○', done: '✓', skipped: '–', failed: '✕' };

/** The status of one step: a glyph (a spinner while running) with its name for screen readers. */
export function StepStateIcon({ state }: { state: DisplayState }) {
  if (state === 'running') return <Spinner label={LABEL.running} />;
  return (
    <span className={`step-icon step-icon-${state}`} title={LABEL[state]}>
      <span aria-hidden="true">{GLYPH[state]}</span>
      <span className="visually-hidden">{LABEL[state]}</span>
    </span>
  );
}
