import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** Every deployment this app set up, complete or not. */
export function useDeployments() {
  return useQuery({ queryKey: keys.deployments, queryFn: () => call('deployments_list', null) });
}
