import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useLoginAndExplore } from '../../hooks/useLoginAndExplore';
import { useSetupDraft } from '../../hooks/useSetupDraft';
import { useSetupRun } from '../../hooks/useSetupRun';
import { runSetupApply } from '../../lib/provisionActions';
import { forgetSetupRun } from '../../lib/provisionRuns';
import { nextScreen, previousScreen, resetDraft, screensFor, updateDraft, type SetupScreen } from '../../lib/setupDraft';
import { buildSetupInput, type ManualValues } from '../../lib/setupInput';
import { AccessStep } from './AccessStep';
import { AccountStep } from './AccountStep';
import { ApplyStep } from './ApplyStep';
import { ConnectStep } from './ConnectStep';
import { DoneStep } from './DoneStep';
import { ManualStep } from './ManualStep';
import { ReviewStep } from './ReviewStep';
import { WelcomeStep } from './WelcomeStep';

type Props = { onOpenServer: (serverId: string) => void; onShowDeployments: () => void };

/** The guided setup: welcome → token → account → who may use it (or the manual Access app) → plan → apply → done.
 * Choices live in the in-memory draft (`lib/setupDraft.ts`); the manual path's client secret only here. */
export function SetupWizard({ onOpenServer, onShowDeployments }: Props) {
  const client = useQueryClient();
  const draft = useSetupDraft();
  const [clientSecret, setClientSecret] = useState('');
  const run = useSetupRun(draft.name);
  const login = useLoginAndExplore(onOpenServer);
  const manual: ManualValues = { clientId: draft.clientId, clientSecret, discoveryUrl: draft.discoveryUrl };

  // The secret is not kept when the wizard is left; a manual setup that has not run yet asks for it again.
  const needsSecret = draft.mode === 'manual' && !clientSecret;
  const screen: SetupScreen = draft.screen === 'review' && needsSecret ? 'manual' : draft.screen;
  const screens = screensFor(draft.mode);
  const step = { index: screens.indexOf(screen) + 1, total: screens.length };
  const go = (to: SetupScreen) => updateDraft({ screen: to });
  const next = () => go(nextScreen(draft.mode, screen));
  const back = () => go(previousScreen(draft.mode, screen));
  const onDone = useCallback(() => updateDraft({ screen: 'done' }), []);

  const apply = () => {
    if (!draft.accountId) return go('account');
    if (needsSecret) return go('manual');
    go('apply');
    void runSetupApply(client, buildSetupInput(draft.mode, draft.accountId, draft, manual));
  };

  const startOver = () => {
    forgetSetupRun(draft.name);
    setClientSecret('');
    resetDraft();
  };

  return (
    <div className="page wizard">
      {screen === 'welcome' && <WelcomeStep mode={draft.mode} onMode={(mode) => updateDraft({ mode })} step={step} onNext={next} />}
      {screen === 'connect' && (
        <ConnectStep
          mode={draft.mode}
          step={step}
          onBack={back}
          onConnected={({ accounts, tokenKind }) => {
            const kept = accounts.some((a) => a.id === draft.accountId) ? draft.accountId : null;
            const only = accounts.length === 1 ? (accounts[0]?.id ?? null) : null;
            updateDraft({ accounts, tokenKind, accountId: kept ?? only, screen: 'account' });
          }}
        />
      )}
      {screen === 'account' && (
        <AccountStep
          accounts={draft.accounts ?? []}
          tokenKind={draft.tokenKind}
          accountId={draft.accountId}
          onChoose={(accountId) => updateDraft({ accountId })}
          step={step}
          onBack={back}
          onNext={next}
        />
      )}
      {screen === 'access' && draft.accountId && (
        <AccessStep accountId={draft.accountId} choices={draft} onChange={updateDraft} step={step} onBack={back} onNext={next} />
      )}
      {screen === 'manual' && draft.accountId && (
        <ManualStep
          accountId={draft.accountId}
          name={draft.name}
          onName={(name) => updateDraft({ name })}
          values={manual}
          onValues={(patch) => {
            if (patch.clientSecret !== undefined) setClientSecret(patch.clientSecret);
            const rest = { ...patch };
            delete rest.clientSecret;
            if (Object.keys(rest).length > 0) updateDraft(rest);
          }}
          step={step}
          onBack={back}
          onNext={next}
        />
      )}
      {(screen === 'access' || screen === 'manual' || screen === 'review') && !draft.accountId && <MissingAccount onBack={() => go('account')} />}
      {screen === 'review' && draft.accountId && (
        <ReviewStep
          input={buildSetupInput(draft.mode, draft.accountId, draft, manual)}
          step={step}
          onBack={back}
          onApply={(plan) => {
            updateDraft({ plan });
            apply();
          }}
        />
      )}
      {screen === 'apply' && (
        <ApplyStep name={draft.name} plan={draft.plan} step={step} onBack={() => go('review')} onRetry={apply} onDone={onDone} />
      )}
      {screen === 'done' && (
        <DoneStep
          deployment={run?.deployment ?? null}
          step={step}
          loginPending={login.starting}
          onLogin={(serverId) => {
            startOver();
            void login.start(serverId);
          }}
          onStartOver={startOver}
          onShowDeployments={onShowDeployments}
        />
      )}
    </div>
  );
}

function MissingAccount({ onBack }: { onBack: () => void }) {
  return (
    <div className="stack">
      <p>Choose an account first.</p>
      <div>
        <button type="button" className="btn" onClick={onBack}>
          Choose an account
        </button>
      </div>
    </div>
  );
}
