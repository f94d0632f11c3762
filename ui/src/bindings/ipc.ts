// Generated from src-tauri/crates/gatehouse-ipc by `make bindings`. Do not edit.

export type AppEvent = { "kind": "login_finished", serverId: string, error: IpcError | null, } | { "kind": "link_rejected", error: IpcError, } | { "kind": "tool_progress", callId: string, progress: number, total: number | null, message: string | null, } | { "kind": "server_notification", serverId: string, notificationKind: NotificationKind, 
/**
 * For log messages: the level (`info`, `warning`, …).
 */
level: string | null, params: unknown, 
/**
 * Milliseconds since the Unix epoch.
 */
at: number, } | { "kind": "disconnected", serverId: string, reason: string | null, };

export type AppInfo = { version: string, identifier: string, 
/**
 * The redirect URI the app registers for OAuth logins.
 */
redirectUri: string, };

export type CancelRequest = { callId: string, };

export type ConnectOutcome = { "status": "connected", info: ServerInfo, } | { "status": "login_required", reason: IpcError, };

export type ContentBlock = { "type": "text", text: string, } | { "type": "image", 
/**
 * Base64.
 */
data: string, mimeType: string, } | { "type": "audio", 
/**
 * Base64.
 */
data: string, mimeType: string, } | { "type": "resource_link", uri: string, name: string, title: string | null, description: string | null, mimeType: string | null, } | { "type": "resource", resource: ResourceContents, } | { "type": "unknown", raw: unknown, };

export type ErrorCode = "invalid_input" | "auth_required" | "insufficient_scope" | "login_failed" | "invalid_link" | "keychain_unavailable" | "network" | "timeout" | "cancelled" | "server" | "not_connected" | "not_found" | "storage" | "internal";

export type Exchange = { method: string, request: unknown, 
/**
 * The result, or the error, as received.
 */
response: unknown, ok: boolean, 
/**
 * Milliseconds since the Unix epoch.
 */
startedAt: number, durationMs: number, };

export type GetPromptRequest = { serverId: string, name: string, arguments: { [key in string]: string }, };

export type HeaderEntry = { name: string, 
/**
 * The value, unless the header is secret (then it lives in the keychain and this is `null`).
 */
value: string | null, secret: boolean, };

export type HeaderInput = { name: string, value: string | null, secret: boolean, };

export type HistoryEntry = { id: string, serverId: string, tool: string, arguments: Record<string, unknown>, isError: boolean, 
/**
 * A one-line summary of the result (its first text, or the error).
 */
summary: string, 
/**
 * Milliseconds since the Unix epoch.
 */
startedAt: number, durationMs: number, };

export type IpcError = { code: ErrorCode, 
/**
 * What happened, in plain language.
 */
message: string, 
/**
 * What the user can do about it, when there is something.
 */
fix: string | null, };

export type LoginStarted = { authorizationUrl: string, 
/**
 * Where the authorization server will send the browser back: the app's scheme, or a loopback
 * address when the server refused the scheme.
 */
redirectUri: string, };

export type NotificationKind = "log" | "tools_changed" | "resources_changed" | "resource_updated" | "prompts_changed" | "progress" | "other";

export type PromptArgumentInfo = { name: string, description: string | null, required: boolean, };

export type PromptInfo = { name: string, title: string | null, description: string | null, arguments: Array<PromptArgumentInfo>, };

export type PromptMessageInfo = { 
/**
 * `user` or `assistant`.
 */
role: string, content: ContentBlock, };

export type PromptOutcome = { description: string | null, messages: Array<PromptMessageInfo>, exchange: Exchange, };

export type ReadResourceOutcome = { contents: Array<ResourceContents>, exchange: Exchange, };

export type ReadResourceRequest = { serverId: string, uri: string, };

export type ResourceContents = { "kind": "text", uri: string, mimeType: string | null, text: string, } | { "kind": "blob", uri: string, mimeType: string | null, 
/**
 * Base64.
 */
blob: string, };

export type ResourceInfo = { uri: string, name: string, title: string | null, description: string | null, mimeType: string | null, };

export type ResourceListing = { resources: Array<ResourceInfo>, templates: Array<ResourceTemplateInfo>, };

export type ResourceTemplateInfo = { uriTemplate: string, name: string, title: string | null, description: string | null, mimeType: string | null, };

export type ServerCapabilitiesInfo = { tools: boolean, toolsListChanged: boolean, resources: boolean, resourcesSubscribe: boolean, resourcesListChanged: boolean, prompts: boolean, promptsListChanged: boolean, logging: boolean, completions: boolean, 
/**
 * The capabilities object exactly as the server sent it.
 */
raw: unknown, };

export type ServerInfo = { name: string, title: string | null, version: string, protocolVersion: string, instructions: string | null, capabilities: ServerCapabilitiesInfo, 
/**
 * Whether requests carry an OAuth access token.
 */
authenticated: boolean, };

export type ServerProfile = { id: string, name: string, 
/**
 * The MCP endpoint, e.g. `https://mcp.example.com/mcp`.
 */
url: string, headers: Array<HeaderEntry>, 
/**
 * How long one request may take before it is cancelled.
 */
timeoutSecs: number, 
/**
 * A client ID registered with the authorization server out of band, if any.
 */
oauthClientId: string | null, 
/**
 * Whether a client secret for `oauth_client_id` is kept in the keychain.
 */
hasClientSecret: boolean, };

export type ServerProfileInput = { 
/**
 * `null` creates a new server.
 */
id: string | null, name: string, url: string, headers: Array<HeaderInput>, timeoutSecs: number, oauthClientId: string | null, 
/**
 * A new client secret; `null` keeps the stored one (if any), `""` removes it.
 */
oauthClientSecret: string | null, };

export type ServerRef = { serverId: string, };

export type StructuredCheck = { "status": "valid" } | { "status": "missing" } | { "status": "invalid", errors: Array<string>, };

export type ToolCallOutcome = { content: Array<ContentBlock>, structuredContent: unknown, 
/**
 * How `structured_content` compares with the tool's `outputSchema`, when it has one.
 */
structuredCheck: StructuredCheck | null, 
/**
 * The tool reported an error (`isError`).
 */
isError: boolean, exchange: Exchange, };

export type ToolCallRequest = { serverId: string, callId: string, name: string, arguments: Record<string, unknown>, };

export type ToolInfo = { name: string, title: string | null, description: string | null, inputSchema: Record<string, unknown>, outputSchema: Record<string, unknown> | null, annotations: Record<string, unknown> | null, };

export interface Commands {
  /** The app's version and redirect URI. */
  app_info: { req: null; res: AppInfo };
  /** Saved servers. */
  servers_list: { req: null; res: Array<ServerProfile> };
  /** Create or change a saved server. */
  server_save: { req: ServerProfileInput; res: ServerProfile };
  /** Forget a saved server, its history and its credentials. */
  server_delete: { req: ServerRef; res: null };
  /** Open a session with a saved server. */
  server_connect: { req: ServerRef; res: ConnectOutcome };
  /** Close the session. */
  server_disconnect: { req: ServerRef; res: null };
  /** Begin an OAuth login in the system browser; `LoginFinished` follows. */
  login_start: { req: ServerRef; res: LoginStarted };
  /** Forget (and revoke where supported) the server's credentials. */
  logout: { req: ServerRef; res: null };
  /** All tools, every page. */
  tools_list: { req: ServerRef; res: Array<ToolInfo> };
  /** Call a tool; progress arrives as `ToolProgress` events. */
  tool_call: { req: ToolCallRequest; res: ToolCallOutcome };
  /** Cancel a running call. */
  tool_cancel: { req: CancelRequest; res: null };
  /** Resources and resource templates. */
  resources_list: { req: ServerRef; res: ResourceListing };
  /** Read one resource. */
  resource_read: { req: ReadResourceRequest; res: ReadResourceOutcome };
  /** Prompts. */
  prompts_list: { req: ServerRef; res: Array<PromptInfo> };
  /** Render one prompt. */
  prompt_get: { req: GetPromptRequest; res: PromptOutcome };
  /** Past tool calls on this server, newest first. */
  history_list: { req: ServerRef; res: Array<HistoryEntry> };
  /** Forget the server's history. */
  history_clear: { req: ServerRef; res: null };
  /** Every request and answer of the current session, oldest first. */
  exchanges_list: { req: ServerRef; res: Array<Exchange> };
}

export const APP_EVENT = "gatehouse://event";
