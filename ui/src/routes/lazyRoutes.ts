import { lazyComponent } from '../lib/lazyComponent';

// Each route's code (server forms, the explorer's page, the setup wizard, deployments) loads when the route first
// opens, or once the first screen has painted and the window is idle: the first screen is the sidebar and the
// welcome page, and its script stays small (DEVELOPMENT.md, "Start-up and memory").
export const DeploymentsPage = lazyComponent(() => import('./DeploymentsPage').then((m) => m.DeploymentsPage));
export const ServerFormPage = lazyComponent(() => import('./ServerFormPage').then((m) => m.ServerFormPage));
export const ServerPage = lazyComponent(() => import('./ServerPage').then((m) => m.ServerPage));
export const SetupWizard = lazyComponent(() => import('./setup/SetupWizard').then((m) => m.SetupWizard));

/** Loads every route's code (the explorer's tabs stay for the first connect). */
export function preloadRoutes(): Promise<unknown> {
  return Promise.all([DeploymentsPage, ServerFormPage, ServerPage, SetupWizard].map((route) => route.preload()));
}
