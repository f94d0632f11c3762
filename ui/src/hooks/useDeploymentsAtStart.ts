import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** The deployments as the app found them when it started (for the "resume setup" prompt): read once, never
 * refreshed, so a setup that fails in the wizard later does not raise the prompt as well. */
export function useDeploymentsAtStart() {
  return useQuery({
    queryKey: keys.deploymentsAtStart,
    queryFn: () => call('deployments_list', null),
    staleTime: Infinity,
    gcTime: Infinity,
  });
}
