// The app itself: mounted by main.tsx once the window has painted the first screen from index.html.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createQueryClient } from './lib/queryClient';
import { preloadRoutes } from './routes/lazyRoutes';

export async function start(): Promise<void> {
  // In `npm run dev` opened in a plain browser there is no Tauri core: use a fake one so the UI can be explored.
  // `VITE_GATEHOUSE_MOCK=1 npm run build` bakes it into a production bundle too (for measuring); normal builds
  // leave it out entirely, as both conditions are constants at build time.
  const mock = import.meta.env.DEV || import.meta.env.VITE_GATEHOUSE_MOCK === '1';
  if (mock && !('__TAURI_INTERNALS__' in window)) {
    const { installMockBackend } = await import('./dev/mockBackend');
    installMockBackend();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={createQueryClient()}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
  // The first screen needs none of the other routes: their code loads once it is up, so a first click on one
  // does not wait for it either.
  setTimeout(() => void preloadRoutes(), 1_000);
}

