import { useQueryClient } from '@tanstack/react-query';
import { keys } from '../lib/queryKeys';
import { useStartLogin } from './useStartLogin';

/** "Log in and explore" for a deployment's saved server: opens the server's page (which waits for the browser and,
 * once the login comes back, connects and lists the tools) and starts the login. */
export function useLoginAndExplore(onOpenServer: (serverId: string) => void) {
  const client = useQueryClient();
  const login = useStartLogin();
  return {
    start: async (serverId: string) => {
      // Setup saved the server in the core; the page needs it in the list first.
      await client.refetchQueries({ queryKey: keys.servers });
      login.mutate(serverId);
      onOpenServer(serverId);
    },
    starting: login.isPending,
  };
}
