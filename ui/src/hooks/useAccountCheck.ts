import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** What the account has that setup relies on (team domain, workers.dev subdomain, login methods, policies) and what
 * stops setup. Always read afresh when the step opens: the user may just have fixed something in the dashboard. */
export function useAccountCheck(accountId: string | null) {
  return useQuery({
    queryKey: keys.accountCheck(accountId ?? ''),
    queryFn: () => call('account_check', { accountId: accountId ?? '' }),
    enabled: accountId !== null,
    staleTime: 0,
  });
}
