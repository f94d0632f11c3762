import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** What the server sent on its own, and Gatehouse's notifications, this session; kept live by `raw_messages_recorded`. */
export function useRawMessages(serverId: string) {
  return useQuery({
    queryKey: keys.rawMessages(serverId),
    queryFn: () => call('raw_messages_list', { serverId }),
  });
}
