import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LoginTimeline } from '../bindings/ipc';
import { call } from '../lib/ipc';

const timelineKey = (serverId: string) => ['timeline', serverId] as const;

/** The server's login timeline, read again every second while it is shown (logins, refreshes and guided steps
 * happen meanwhile), with guided mode, stepping and clearing. */
export function useTimeline(serverId: string) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: timelineKey(serverId),
    queryFn: () => call('timeline_get', { serverId }),
    refetchInterval: 1000,
  });
  const put = (timeline: LoginTimeline) => client.setQueryData(timelineKey(serverId), timeline);
  const guide = useMutation({
    mutationFn: (guided: boolean) => call('timeline_guide', { serverId, guided }),
    onSuccess: put,
  });
  const step = useMutation({ mutationFn: () => call('timeline_step', { serverId }), onSuccess: put });
  const clear = useMutation({
    mutationFn: () => call('timeline_clear', { serverId }),
    onSuccess: () => client.invalidateQueries({ queryKey: timelineKey(serverId) }),
  });
  return { query, guide, step, clear };
}
