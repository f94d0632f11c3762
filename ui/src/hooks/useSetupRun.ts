import { provisionRuns, type SetupRun } from '../lib/provisionRuns';
import { useStore } from '../lib/store';

/** The setup run of a deployment this window started, if any. */
export function useSetupRun(name: string | null): SetupRun | undefined {
  return useStore(provisionRuns, (s) => (name === null ? undefined : s.setup[name]));
}
