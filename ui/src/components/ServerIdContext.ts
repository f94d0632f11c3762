import { createContext, useContext } from 'react';

/** The server whose content is shown: results use it to open a linked resource or save a blob. */
export const ServerIdContext = createContext<string | null>(null);

export function useServerId(): string | null {
  return useContext(ServerIdContext);
}
