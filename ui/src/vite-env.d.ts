/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** '1' bakes the fake core (src/dev/mockBackend.ts) into a production build, for measurements. */
  readonly VITE_GATEHOUSE_MOCK?: string;
}
