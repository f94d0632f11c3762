import { useState, type ReactNode } from 'react';
import type { ServerInfo } from '../bindings/ipc';
import { NotificationBadge } from '../components/NotificationBadge';
import { ServerContentBoundary } from '../components/ServerContentBoundary';
import { Tabs } from '../components/Tabs';
import { HistoryTab } from './HistoryTab';
import { NotificationsTab } from './NotificationsTab';
import { PromptsTab } from './PromptsTab';
import { RawTab } from './RawTab';
import { ResourcesTab } from './ResourcesTab';
import { TasksTab } from './TasksTab';
import { ToolsTab, type ToolSelection } from './ToolsTab';

type TabId = 'tools' | 'resources' | 'prompts' | 'tasks' | 'notifications' | 'history' | 'raw';

/** The explorer for a connected server. */
export function SessionTabs({ serverId, info }: { serverId: string; info: ServerInfo }) {
  const [tab, setTab] = useState<TabId>(info.capabilities.tools || !info.capabilities.resources ? 'tools' : 'resources');
  const [tool, setTool] = useState<ToolSelection | null>(null);
  const tabs: { id: TabId; label: string; badge?: ReactNode }[] = [
    { id: 'tools', label: 'Tools' },
    { id: 'resources', label: 'Resources' },
    { id: 'prompts', label: 'Prompts' },
    { id: 'tasks', label: 'Tasks' },
    { id: 'notifications', label: 'Notifications', badge: <NotificationBadge serverId={serverId} /> },
    { id: 'history', label: 'History' },
    { id: 'raw', label: 'Raw' },
  ];
  return (
    <div className="session">
      <Tabs tabs={tabs} active={tab} onChange={setTab} label="Explore the server" />
      <div className="tab-panel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {/* Everything in the tabs shows what the server sent: a view that fails shows text, the window stays. */}
        <ServerContentBoundary resetKey={tab}>
        {tab === 'tools' && <ToolsTab serverId={serverId} selection={tool} onSelect={setTool} />}
        {tab === 'resources' && <ResourcesTab serverId={serverId} />}
        {tab === 'prompts' && <PromptsTab serverId={serverId} />}
        {tab === 'tasks' && <TasksTab serverId={serverId} />}
        {tab === 'notifications' && <NotificationsTab serverId={serverId} />}
        {tab === 'history' && (
          <HistoryTab
            serverId={serverId}
            onReplay={(name, args) => {
              setTool({ key: name, args, nonce: Date.now() });
              setTab('tools');
            }}
          />
        )}
        {tab === 'raw' && <RawTab serverId={serverId} />}
        </ServerContentBoundary>
      </div>
    </div>
  );
}
