import type { SetupMode } from '../../lib/setupDraft';
import { StepFrame } from './StepFrame';

type Props = { mode: SetupMode; onMode: (mode: SetupMode) => void; step: { index: number; total: number }; onNext: () => void };

/** What setup creates, and the choice between the API doing all of it and making the Access app by hand. */
export function WelcomeStep({ mode, onMode, step, onNext }: Props) {
  return (
    <StepFrame screen="welcome" title="Set up your own MCP server" step={step} onSubmit={onNext} next={{ label: 'Next' }}>
      <p>
        Gatehouse puts an MCP server on your Cloudflare account that only the people you choose can use. On the
        account it creates:
      </p>
      <ul className="what-list">
        <li>
          <strong>a Worker</strong> — the MCP server itself, on its own <code>workers.dev</code> address;
        </li>
        <li>
          <strong>a KV namespace</strong> (<code>OAUTH_KV</code>) — where the server keeps its login records;
        </li>
        <li>
          <strong>an Access for SaaS application and a policy</strong> — Cloudflare Access checks who logs in.
        </li>
      </ul>
      <p className="muted">You see the full plan before anything is created, and you can remove it all again later.</p>
      <fieldset className="fieldset choice-group">
        <legend>How should the Access application be made?</legend>
        <label className="choice">
          <input
            type="radio"
            name="setup-mode"
            data-testid="setup-mode-automatic"
            checked={mode === 'automatic'}
            onChange={() => onMode('automatic')}
          />
          <span>
            <strong>Set up with an API token</strong>
            <span className="muted choice-help">Gatehouse creates everything, the Access application included.</span>
          </span>
        </label>
        <label className="choice">
          <input
            type="radio"
            name="setup-mode"
            data-testid="setup-mode-manual"
            checked={mode === 'manual'}
            onChange={() => onMode('manual')}
          />
          <span>
            <strong>I'll create the Access app myself (manual)</strong>
            <span className="muted choice-help">
              You make the Access application in the Cloudflare dashboard and paste its values. A token is still needed
              for the Worker, but it needs no Access permissions.
            </span>
          </span>
        </label>
      </fieldset>
    </StepFrame>
  );
}
