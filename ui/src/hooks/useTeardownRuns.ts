import { provisionRuns, type TeardownRun } from '../lib/provisionRuns';
import { useStore } from '../lib/store';

/** Every teardown this window started, by deployment name. */
export function useTeardownRuns(): Record<string, TeardownRun> {
  return useStore(provisionRuns, (s) => s.teardown);
}
