import { setupDraft, type SetupDraft } from '../lib/setupDraft';
import { useStore } from '../lib/store';

export function useSetupDraft(): SetupDraft {
  return useStore(setupDraft, (d) => d);
}
