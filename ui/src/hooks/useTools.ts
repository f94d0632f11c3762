import { useQuery } from '@tanstack/react-query';
import { call } from '../lib/ipc';
import { keys } from '../lib/queryKeys';

export function useTools(serverId: string, connected: boolean) {
  return useQuery({
    queryKey: keys.tools(serverId),
    queryFn: async () => {
      // Benchmark marks: requested → received → (ToolList) rendered.
      performance.mark('gatehouse:tools-requested');
      const tools = await call('tools_list', { serverId });
      performance.mark('gatehouse:tools-received');
      return tools;
    },
    enabled: connected,
  });
}
