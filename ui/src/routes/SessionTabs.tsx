import type { ReactNode } from 'react';
import type { ServerInfo } from '../bindings/ipc';
import { keepDraft, setPlace, usePlace } from '../lib/workKept';
import { NotificationBadge } from '../components/NotificationBadge';
import { ServerContentBoundary } from '../components/ServerContentBoundary';
import { ServerIdContext } from '../components/ServerIdContext';
import { ElicitFormDialog } from '../components/lazyElicitForm';
import { Tabs } from '../components/Tabs';
import { HistoryTab } from './HistoryTab';
import { NotificationsTab } from './NotificationsTab';
import { PromptsTab } from './PromptsTab';
import { RawTab } from './RawTab';
import { ResourcesTab } from './ResourcesTab';
import { TasksTab } from './TasksTab';
import { ToolsTab, type ToolSelection } from './ToolsTab';

type TabId = 'tools' | 'resources' | 'prompts' | 'tasks' | 'notifications' | 'history' | 'raw';

// A connected server may ask for a form: its code is ready before it does.
void ElicitFormDialog.preload();

/** The explorer for a connected server. */
export function SessionTabs({ serverId, info }: { serverId: string; info: ServerInfo }) {
  // The open tab and the selected tool are kept per server for the session: coming back finds them as they were.
  const place = usePlace(serverId);
  const tab = (place.tab as TabId | undefined) ?? (info.capabilities.tools || !info.capabilities.resources ? 'tools' : 'resources');
  const setTab = (id: TabId) => setPlace(serverId, { tab: id });
  const tool: ToolSelection | null = place.toolKey ? { key: place.toolKey, nonce: place.toolNonce ?? 0 } : null;
  const setTool = (s: ToolSelection) => setPlace(serverId, { toolKey: s.key, toolNonce: s.nonce });
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
        <ServerIdContext.Provider value={serverId}>
        {tab === 'tools' && <ToolsTab serverId={serverId} selection={tool} onSelect={setTool} />}
        {tab === 'resources' && <ResourcesTab serverId={serverId} />}
        {tab === 'prompts' && <PromptsTab serverId={serverId} />}
        {tab === 'tasks' && <TasksTab serverId={serverId} />}
        {tab === 'notifications' && <NotificationsTab serverId={serverId} />}
        {tab === 'history' && (
          <HistoryTab
            serverId={serverId}
            onReplay={(name, args) => {
              // The past call's arguments become the tool's draft, kept like one typed by hand.
              keepDraft(serverId, name, { args, text: JSON.stringify(args, null, 2) });
              setTool({ key: name, nonce: Date.now() });
              setTab('tools');
            }}
          />
        )}
        {tab === 'raw' && <RawTab serverId={serverId} />}
        </ServerIdContext.Provider>
        </ServerContentBoundary>
      </div>
    </div>
  );
}
