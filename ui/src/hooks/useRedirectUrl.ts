import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** The redirect URL a deployment's Access application must allow (the manual path pastes it in the dashboard). */
export function useRedirectUrl(accountId: string | null, name: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.redirectUrl(accountId ?? '', name),
    queryFn: () => call('setup_redirect_url', { accountId: accountId ?? '', name }),
    enabled: enabled && accountId !== null,
    staleTime: Infinity,
  });
}
