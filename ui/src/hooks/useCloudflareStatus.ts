import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** Which Cloudflare API the app uses, whether a token is kept, and what a token needs. */
export function useCloudflareStatus() {
  return useQuery({ queryKey: keys.cloudflareStatus, queryFn: () => call('cloudflare_status', null), staleTime: Infinity });
}
