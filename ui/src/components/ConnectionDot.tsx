import { useQuery } from '@tanstack/react-query';
import { connectionOptions } from '../lib/queryClient';

/** Green when a session is open, amber when a login is needed, grey otherwise. */
export function ConnectionDot({ serverId }: { serverId: string }) {
  const { data } = useQuery(connectionOptions(serverId));
  const state = data?.status === 'connected' ? 'on' : data?.status === 'login_required' ? 'auth' : 'off';
  const label = state === 'on' ? 'connected' : state === 'auth' ? 'login required' : 'not connected';
  return <span className={`dot dot-${state}`} role="img" aria-label={label} title={label} />;
}
