import { useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

/** The server's tools as the list shows them: no schemas (a selected tool's come from `useToolDetail`). */
export function useTools(serverId: string, connected: boolean) {
  const client = useQueryClient();
  return useQuery({
    queryKey: keys.tools(serverId),
    queryFn: async () => {
      // Benchmark marks: requested → received → (ToolList) rendered.
      performance.mark('gatehouse:tools-requested');
      const tools = await call('tools_list', { serverId });
      performance.mark('gatehouse:tools-received');
      // The core now keeps this list: a tool shown from the one before is read again from it.
      void client.invalidateQueries({ queryKey: keys.toolDetails(serverId) });
      return tools;
    },
    enabled: connected,
  });
}
