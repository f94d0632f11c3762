import { Suspense, useState } from 'react';
import { AboutDialog } from './components/AboutDialog';
import { LocalCloudflareBanner } from './components/LocalCloudflareBanner';
import { ResumeSetupPrompt } from './components/ResumeSetupPrompt';
import { ServerRequestDialog } from './components/ServerRequestDialog';
import { Sidebar, type SidebarPlace } from './components/Sidebar';
import { Skeleton } from './components/Spinner';
import { Toasts } from './components/Toasts';
import { UpdateBanner } from './components/UpdateBanner';
import { useAppEvents } from './hooks/useAppEvents';
import { useLoginAndExplore } from './hooks/useLoginAndExplore';
import { useServers } from './hooks/useServers';
import { DeploymentsPage, ServerFormPage, ServerPage, SetupWizard } from './routes/lazyRoutes';
import { Welcome } from './routes/Welcome';

type View =
  | { kind: 'welcome' }
  | { kind: 'add' }
  | { kind: 'edit'; id: string }
  | { kind: 'server'; id: string }
  | { kind: 'setup' }
  | { kind: 'deployments' };

function placeOf(view: View): SidebarPlace {
  if (view.kind === 'server' || view.kind === 'edit') return { kind: 'server', id: view.id };
  if (view.kind === 'setup' || view.kind === 'deployments') return { kind: view.kind };
  return { kind: 'other' };
}

export function App() {
  useAppEvents();
  const servers = useServers();
  const [view, setView] = useState<View>({ kind: 'welcome' });
  const profile = view.kind === 'edit' || view.kind === 'server' ? servers.data?.find((s) => s.id === view.id) : undefined;
  const openServer = (id: string) => setView({ kind: 'server', id });
  const resumeLogin = useLoginAndExplore(openServer);

  return (
    <div className="shell">
      <LocalCloudflareBanner />
      <UpdateBanner />
      <ResumeSetupPrompt
        hidden={view.kind === 'deployments'}
        onLogin={(id) => void resumeLogin.start(id)}
        onShowDeployments={() => setView({ kind: 'deployments' })}
      />
      <div className="app">
        <Sidebar
          place={placeOf(view)}
          onSelect={(p) => openServer(p.id)}
          onAdd={() => setView({ kind: 'add' })}
          onSetup={() => setView({ kind: 'setup' })}
          onDeployments={() => setView({ kind: 'deployments' })}
        />
        <main className="main">
          <Suspense fallback={<Skeleton lines={4} />}>
            {view.kind === 'welcome' && <Welcome onSetup={() => setView({ kind: 'setup' })} />}
            {view.kind === 'add' && <ServerFormPage profile={null} onSaved={(p) => openServer(p.id)} onCancel={() => setView({ kind: 'welcome' })} />}
            {view.kind === 'edit' && profile && (
              <ServerFormPage key={profile.id} profile={profile} onSaved={(p) => openServer(p.id)} onCancel={() => openServer(profile.id)} />
            )}
            {view.kind === 'server' && profile && (
              <ServerPage
                key={profile.id}
                profile={profile}
                onEdit={() => setView({ kind: 'edit', id: profile.id })}
                onDeleted={() => setView({ kind: 'welcome' })}
              />
            )}
            {(view.kind === 'server' || view.kind === 'edit') && !profile && servers.isFetching && <Skeleton lines={4} />}
            {view.kind === 'setup' && <SetupWizard onOpenServer={openServer} onShowDeployments={() => setView({ kind: 'deployments' })} />}
            {view.kind === 'deployments' && <DeploymentsPage onOpenServer={openServer} onSetup={() => setView({ kind: 'setup' })} />}
          </Suspense>
        </main>
      </div>
      <AboutDialog />
      <ServerRequestDialog />
      <Toasts />
    </div>
  );
}
