import { useState } from 'react';
import type { ServerInfo } from '../bindings/ipc';
import { Tabs } from '../components/Tabs';
import { useNotifications } from '../hooks/useNotifications';
import { HistoryTab } from './HistoryTab';
import { NotificationsTab } from './NotificationsTab';
import { PromptsTab } from './PromptsTab';
import { RawTab } from './RawTab';
import { ResourcesTab } from './ResourcesTab';
import { ToolsTab, type ToolSelection } from './ToolsTab';

type TabId = 'tools' | 'resources' | 'prompts' | 'notifications' | 'history' | 'raw';

/** The explorer for a connected server. */
export function SessionTabs({ serverId, info }: { serverId: string; info: ServerInfo }) {
  const [tab, setTab] = useState<TabId>(info.capabilities.tools || !info.capabilities.resources ? 'tools' : 'resources');
  const [tool, setTool] = useState<ToolSelection | null>(null);
  const notifications = useNotifications(serverId);
  const tabs: { id: TabId; label: string; badge?: number }[] = [
    { id: 'tools', label: 'Tools' },
    { id: 'resources', label: 'Resources' },
    { id: 'prompts', label: 'Prompts' },
    { id: 'notifications', label: 'Notifications', badge: notifications.length },
    { id: 'history', label: 'History' },
    { id: 'raw', label: 'Raw' },
  ];
  return (
    <div className="session">
      <Tabs tabs={tabs} active={tab} onChange={setTab} label="Explore the server" />
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'tools' && <ToolsTab serverId={serverId} selection={tool} onSelect={setTool} />}
        {tab === 'resources' && <ResourcesTab serverId={serverId} />}
        {tab === 'prompts' && <PromptsTab serverId={serverId} />}
        {tab === 'notifications' && <NotificationsTab serverId={serverId} />}
        {tab === 'history' && (
          <HistoryTab
            serverId={serverId}
            onReplay={(name, args) => {
              setTool({ name, args, nonce: Date.now() });
              setTab('tools');
            }}
          />
        )}
        {tab === 'raw' && <RawTab serverId={serverId} />}
      </div>
    </div>
  );
}
