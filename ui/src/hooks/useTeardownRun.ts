import { provisionRuns, type TeardownRun } from '../lib/provisionRuns';
import { useStore } from '../lib/store';

/** The teardown of a deployment this window started, if any. */
export function useTeardownRun(name: string): TeardownRun | undefined {
  return useStore(provisionRuns, (s) => s.teardown[name]);
}
