import { useState } from 'react';
import { Sidebar } from './components/Sidebar';
import { Toasts } from './components/Toasts';
import { useAppEvents } from './hooks/useAppEvents';
import { useServers } from './hooks/useServers';
import { ServerFormPage } from './routes/ServerFormPage';
import { ServerPage } from './routes/ServerPage';
import { Welcome } from './routes/Welcome';

type View = { kind: 'welcome' } | { kind: 'add' } | { kind: 'edit'; id: string } | { kind: 'server'; id: string };

export function App() {
  useAppEvents();
  const servers = useServers();
  const [view, setView] = useState<View>({ kind: 'welcome' });
  const profile = view.kind === 'edit' || view.kind === 'server' ? servers.data?.find((s) => s.id === view.id) : undefined;
  const selectedId = view.kind === 'server' || view.kind === 'edit' ? view.id : null;

  return (
    <div className="app">
      <Sidebar selectedId={selectedId} onSelect={(p) => setView({ kind: 'server', id: p.id })} onAdd={() => setView({ kind: 'add' })} />
      <main className="main">
        {view.kind === 'welcome' && <Welcome onAdd={() => setView({ kind: 'add' })} />}
        {view.kind === 'add' && (
          <ServerFormPage profile={null} onSaved={(p) => setView({ kind: 'server', id: p.id })} onCancel={() => setView({ kind: 'welcome' })} />
        )}
        {view.kind === 'edit' && profile && (
          <ServerFormPage
            key={profile.id}
            profile={profile}
            onSaved={(p) => setView({ kind: 'server', id: p.id })}
            onCancel={() => setView({ kind: 'server', id: profile.id })}
          />
        )}
        {view.kind === 'server' && profile && (
          <ServerPage
            key={profile.id}
            profile={profile}
            onEdit={() => setView({ kind: 'edit', id: profile.id })}
            onDeleted={() => setView({ kind: 'welcome' })}
          />
        )}
      </main>
      <Toasts />
    </div>
  );
}
