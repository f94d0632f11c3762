import { useEffect, useId, useRef } from 'react';
import { Spinner } from '../../components/Spinner';
import type { SetupScreen } from '../../lib/setupDraft';

type Next = { label: string; testId?: string; disabled?: boolean; busy?: boolean };

type Props = {
  screen: SetupScreen;
  title: string;
  step: { index: number; total: number };
  onSubmit: () => void;
  onBack?: () => void;
  /** The primary (submit) button; `null` for a screen without one. */
  next: Next | null;
  children: React.ReactNode;
};

/** Enter submits the step from any control, not only from text fields (browsers differ on radios and
 * checkboxes); buttons, links, selects and summaries keep their own Enter. A control that handled Enter itself
 * (the email list's Add) prevents this. */
function submitOnEnter(e: React.KeyboardEvent<HTMLFormElement>) {
  if (e.key !== 'Enter' || e.defaultPrevented || e.nativeEvent.isComposing || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (
    t instanceof HTMLButtonElement ||
    t instanceof HTMLAnchorElement ||
    t instanceof HTMLSelectElement ||
    t instanceof HTMLTextAreaElement ||
    (t instanceof HTMLElement && t.tagName === 'SUMMARY')
  ) {
    return;
  }
  e.preventDefault();
  const form = e.currentTarget;
  // requestSubmit arrived in Safari 16; the build targets Safari 15 (older macOS WKWebView).
  if (typeof form.requestSubmit === 'function') form.requestSubmit();
  else form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

/** One screen of the setup wizard: a form (Enter submits it), its heading (focused when the screen opens, so
 * keyboard and screen reader users start at the top), and Back / Next. */
export function StepFrame({ screen, title, step, onSubmit, onBack, next, children }: Props) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <form
      className="wizard-step stack"
      data-testid={`setup-step-${screen}`}
      aria-labelledby={`${id}-title`}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (next && (next.disabled || next.busy)) return;
        onSubmit();
      }}
      onKeyDown={submitOnEnter}
    >
      <p className="wizard-count muted">
        Set up a server · step {step.index} of {step.total}
      </p>
      <h1 id={`${id}-title`} ref={heading} tabIndex={-1} className="wizard-heading">
        {title}
      </h1>
      {children}
      <div className="form-actions wizard-actions">
        {onBack && (
          <button type="button" className="btn" data-testid="setup-back" onClick={onBack}>
            Back
          </button>
        )}
        {next && (
          <button
            type="submit"
            className="btn btn-primary"
            data-testid={next.testId ?? 'setup-next'}
            disabled={next.disabled || next.busy}
            aria-busy={next.busy || undefined}
          >
            {next.busy && <Spinner label="Working" />}
            {next.label}
          </button>
        )}
      </div>
    </form>
  );
}
