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
  accessRefreshTokens?: boolean;
  outbound?: (request: Request) => Response | undefined | Promise<Response | undefined>;
};

/** The parts of Miniflare's KV namespace the tests use. */
export type StackKv = {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  list(options?: { prefix?: string }): Promise<{ keys: { name: string; expiration?: number }[] }>;
};

export type Stack = {
  origin: string;
  mcp: string;
  access: Awaited<ReturnType<typeof createAccessServer>>;
  accessClientId: string;
  issuer: string;
  kv(): Promise<StackKv>;
  stop(): Promise<void>;
};

export declare const serverRoot: string;
export declare const distDir: string;
export declare function needsBuild(): boolean;
export declare function startStack(options?: StackOptions): Promise<Stack>;
