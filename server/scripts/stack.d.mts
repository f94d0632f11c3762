// Types for stack.mjs, for the TypeScript tests.
import type { createAccessServer } from '../../tests/access/src/index.mjs';

export type StackOptions = {
  port?: number;
  accessPort?: number;
  autoLoginEmail?: string | null;
  allowedEmails?: string[] | null;
  groups?: string[];
  pin?: string | null;
  refusal?: 'block-page' | 'error-redirect';
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
};

export type Stack = {
  origin: string;
  mcp: string;
  access: Awaited<ReturnType<typeof createAccessServer>>;
  accessClientId: string;
  issuer: string;
  stop(): Promise<void>;
};

export declare const serverRoot: string;
export declare const distDir: string;
export declare function needsBuild(): boolean;
export declare function startStack(options?: StackOptions): Promise<Stack>;
