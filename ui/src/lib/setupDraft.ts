import type { CloudflareAccount, CloudflareTokenKind, SetupPlan } from '../bindings/ipc';
import { DEFAULT_NAME, type AccessChoices } from './setupInput';
import { createStore } from './store';

export type SetupMode = 'automatic' | 'manual';

export type SetupScreen = 'welcome' | 'connect' | 'account' | 'access' | 'manual' | 'review' | 'apply' | 'done';

/** The wizard's progress and choices. Kept in memory only (it survives leaving the wizard, not a restart); holds
 * nothing secret: the API token and the manual path's client secret live in the screens that take them. */
export type SetupDraft = AccessChoices & {
  screen: SetupScreen;
  mode: SetupMode;
  /** The accounts the token can use, from the last connect. */
  accounts: CloudflareAccount[] | null;
  /** Whether the last connect found a user or an account API token. */
  tokenKind: CloudflareTokenKind | null;
  accountId: string | null;
  clientId: string;
  discoveryUrl: string;
  /** The plan the review showed, so the progress list can follow its order and titles. */
  plan: SetupPlan | null;
};

export function initialDraft(): SetupDraft {
  return {
    screen: 'welcome',
    mode: 'automatic',
    accounts: null,
    tokenKind: null,
    accountId: null,
    name: DEFAULT_NAME,
    allowedKind: 'emails',
    emails: [],
    domain: '',
    policyId: '',
    refreshTokens: true,
    addOneTimePin: true,
    clientId: '',
    discoveryUrl: '',
    plan: null,
  };
}

export const setupDraft = createStore<SetupDraft>(initialDraft());

export function updateDraft(patch: Partial<SetupDraft>): void {
  setupDraft.set((d) => ({ ...d, ...patch }));
}

export function resetDraft(): void {
  setupDraft.set(() => initialDraft());
}

/** The screens of a path, in order. */
export function screensFor(mode: SetupMode): SetupScreen[] {
  return ['welcome', 'connect', 'account', mode === 'manual' ? 'manual' : 'access', 'review', 'apply', 'done'];
}

export function nextScreen(mode: SetupMode, screen: SetupScreen): SetupScreen {
  const list = screensFor(mode);
  return list[Math.min(list.indexOf(screen) + 1, list.length - 1)] ?? screen;
}

export function previousScreen(mode: SetupMode, screen: SetupScreen): SetupScreen {
  const list = screensFor(mode);
  return list[Math.max(list.indexOf(screen) - 1, 0)] ?? screen;
}
