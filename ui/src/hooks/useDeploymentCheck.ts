import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** A deployment checked live: the Worker, the Access application, the login challenge. */
export function useDeploymentCheck(name: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.deploymentHealth(name),
    queryFn: () => call('deployment_check', { name }),
    enabled,
    staleTime: 60_000,
  });
}
