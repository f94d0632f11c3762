// Generated from src-tauri/crates/gatehouse-ipc by `make bindings`. Do not edit.

export type AccessSetup = { "mode": "automatic", allowed: AllowedUsers, 
/**
 * Let the server refresh Access logins without asking the user again.
 */
refreshTokens: boolean, 
/**
 * Add Cloudflare's one-time PIN login method when the account has no login method.
 */
addOneTimePin: boolean, } | { "mode": "manual" } & ManualAccess;

export type AccountCheck = { 
/**
 * The Zero Trust team domain, e.g. `myteam.cloudflareaccess.com`; `null` when the account has none.
 */
authDomain: string | null, 
/**
 * The account's workers.dev subdomain; `null` when it never registered one.
 */
workersSubdomain: string | null, identityProviders: Array<IdentityProviderInfo>, 
/**
 * Reusable Access policies that setup could use instead of creating one.
 */
policies: Array<PolicyInfo>, 
/**
 * What stops setup on this account, each with its fix.
 */
problems: Array<IpcError>, };

export type AccountRef = { accountId: string, };

export type AllowedUsers = { "kind": "emails", emails: Array<string>, } | { "kind": "domain", domain: string, } | { "kind": "existing_policy", policyId: string, };

export type AnswerServerRequest = { requestId: string, reply: ServerReply, };

export type AppEvent = { "kind": "login_finished", serverId: string, error: IpcError | null, } | { "kind": "link_rejected", error: IpcError, } | { "kind": "tool_progress", callId: string, progress: number, total: number | null, message: string | null, } | { "kind": "server_notifications", serverId: string, entries: Array<ServerNotificationEntry>, dropped: number, } | { "kind": "exchange_recorded", serverId: string, exchange: Exchange, } | { "kind": "raw_messages_recorded", serverId: string, messages: Array<RawMessage>, more: boolean, } | { "kind": "disconnected", serverId: string, reason: string | null, } | { "kind": "setup_progress", name: string, step: SetupStep, state: StepState, 
/**
 * What the step is doing or did, in plain words (no secrets).
 */
detail: string | null, 
/**
 * Time spent on this step so far.
 */
elapsedMs: number, error: IpcError | null, } | { "kind": "teardown_progress", name: string, step: TeardownStep, state: StepState, detail: string | null, error: IpcError | null, } | { "kind": "update_status_changed", status: UpdateStatus, } | { "kind": "server_request_opened", request: PendingServerRequest, } | { "kind": "server_request_closed", serverId: string, requestId: string, end: ServerRequestEnd, } | { "kind": "elicitation_completed", serverId: string, elicitationId: string, } | { "kind": "task_changed", task: TaskInfo, } | { "kind": "menu_action", action: MenuAction, };

export type AppInfo = { version: string, identifier: string, 
/**
 * The redirect URI the app registers for OAuth logins.
 */
redirectUri: string, };

export type AuditArea = "token" | "access" | "worker" | "live";

export type AuditFinding = { 
/**
 * A stable identifier, e.g. `worker.secrets`.
 */
id: string, area: AuditArea, 
/**
 * What is checked, e.g. "All six secrets exist".
 */
title: string, outcome: AuditOutcome, 
/**
 * What was found: on a failure, what is wrong.
 */
detail: string, 
/**
 * How to fix it, in words (failures only).
 */
fixHint: string | null, 
/**
 * The fix Gatehouse can make itself, if it can.
 */
fix: AuditFix | null, 
/**
 * Extra lines to show, e.g. the policy's rules.
 */
facts: Array<string>, };

export type AuditFix = "putSecrets" | "enableWorkersDev" | "replaceAccess" | "updateServer" | "recreateKvNamespace";

export type AuditFixRequest = { name: string, fix: AuditFix, };

export type AuditOutcome = "pass" | "fail" | "skipped";

export type AvailableUpdate = { version: string, 
/**
 * The release notes (Markdown), if the release has any.
 */
notes: string | null, 
/**
 * When it was published (RFC 3339).
 */
publishedAt: string | null, };

export type BundleReport = { 
/**
 * The fingerprint of the bundle this Gatehouse ships.
 */
shipped: string, shippedVersion: string, 
/**
 * What the Worker says it runs; `None` when it does not say (uploaded by an older Gatehouse) or did not answer.
 */
live: string | null, liveVersion: string | null, };

export type CancelRequest = { callId: string, };

export type CheckStatus = "pass" | "fail" | "skipped";

export type CloudflareAccount = { id: string, name: string, };

export type CloudflareConnectRequest = { 
/**
 * A new API token; `null` uses the one kept in the keychain.
 */
token: string | null, };

export type CloudflareConnection = { tokenKind: CloudflareTokenKind, 
/**
 * For an account API token, its own account.
 */
accounts: Array<CloudflareAccount>, };

export type CloudflareStatus = { 
/**
 * The API base URL, `https://api.cloudflare.com/client/v4` unless pointed elsewhere.
 */
apiBase: string, 
/**
 * The API is the local Cloudflare (a loopback address), not the real one.
 */
local: boolean, 
/**
 * An API token is kept in the keychain.
 */
hasToken: boolean, 
/**
 * The token permissions setup needs, in Cloudflare's words.
 */
requiredPermissions: Array<string>, 
/**
 * Where the user creates a token.
 */
tokenPageUrl: string, 
/**
 * The local Cloudflare's token, offered to paste (`make run` without an account); never a real token.
 */
localToken: string | null, };

export type CloudflareTokenKind = "user" | "account";

export type CompleteRequest = { serverId: string, target: CompletionTarget, 
/**
 * The argument (or template variable) being typed.
 */
argument: string, 
/**
 * What the user has typed so far.
 */
value: string, 
/**
 * The arguments already filled in, as context for the server.
 */
context: { [key in string]: string }, };

export type CompletionOutcome = { values: Array<string>, 
/**
 * How many suggestions there are in all, when the server says.
 */
total: number | null, hasMore: boolean, };

export type CompletionTarget = { "kind": "prompt", name: string, } | { "kind": "resource_template", uriTemplate: string, };

export type ConnectOutcome = { "status": "connected", info: ServerInfo, } | { "status": "login_required", reason: IpcError, };

export type ContentAnnotations = { audience: Array<string>, priority: number | null, lastModified: string | null, };

export type ContentBlock = { "type": "text", text: string, 
/**
 * Who the block is for and how important it is, when the server says.
 */
annotations?: ContentAnnotations, } | { "type": "image", 
/**
 * Base64.
 */
data: string, mimeType: string, 
/**
 * Who the block is for and how important it is, when the server says.
 */
annotations?: ContentAnnotations, } | { "type": "audio", 
/**
 * Base64.
 */
data: string, mimeType: string, 
/**
 * Who the block is for and how important it is, when the server says.
 */
annotations?: ContentAnnotations, } | { "type": "resource_link", uri: string, name: string, title: string | null, description: string | null, mimeType: string | null, 
/**
 * Who the block is for and how important it is, when the server says.
 */
annotations?: ContentAnnotations, } | { "type": "resource", resource: ResourceContents, 
/**
 * Who the block is for and how important it is, when the server says.
 */
annotations?: ContentAnnotations, } | { "type": "unknown", raw: unknown, };

export type Deployment = { name: string, accountId: string, apiBase: string, 
/**
 * Every step of setup finished.
 */
complete: boolean, 
/**
 * The first step a re-run would do, when not complete.
 */
nextStep: SetupStep | null, workerUrl: string | null, 
/**
 * The MCP endpoint (`<worker_url>/mcp`).
 */
mcpUrl: string | null, accessAppId: string | null, accessAppName: string | null, policyName: string | null, 
/**
 * The saved server that points at this deployment, once setup finished.
 */
serverId: string | null, 
/**
 * Whether the Access application was created by hand in the dashboard.
 */
manualAccess: boolean, 
/**
 * When setup last finished, in milliseconds since the Unix epoch.
 */
completedAt: number | null, };

export type DeploymentAudit = { name: string, 
/**
 * Every check passed (none failed or was skipped).
 */
passed: boolean, findings: Array<AuditFinding>, bundle: BundleReport, 
/**
 * How long the audit took.
 */
elapsedMs: number, };

export type DeploymentHealth = { name: string, healthy: boolean, checks: Array<HealthCheck>, 
/**
 * What needs attention and how to fix it.
 */
attention: IpcError | null, };

export type DeploymentRef = { name: string, };

export type DoctorCheck = { 
/**
 * A stable name (`dns`, `tcp`, `tls`, `proxy`, `mcp`, `challenge`, `resource`, `issuer`,
 * `registration`, `redirect`, `scopes`, `clock`, `audit`).
 */
id: string, 
/**
 * What was checked, in a few words.
 */
title: string, status: CheckStatus, 
/**
 * What the check found, in plain language.
 */
found: string, 
/**
 * What to do about it, when the check failed.
 */
fix: string | null, };

export type DoctorReport = { url: string, 
/**
 * When the checks ran (RFC 3339).
 */
checkedAt: string, checks: Array<DoctorCheck>, };

export type ErrorCode = "invalid_input" | "auth_required" | "insufficient_scope" | "login_failed" | "invalid_link" | "keychain_unavailable" | "network" | "timeout" | "cancelled" | "server" | "not_connected" | "not_found" | "storage" | "permission_missing" | "conflict" | "unavailable" | "not_configured" | "update_refused" | "internal";

export type Exchange = { method: string, 
/**
 * The JSON-RPC id of the request (none for the handshake shown as one exchange).
 */
id?: string | number, 
/**
 * How it ended: `ok`, `error` or `cancelled`.
 */
outcome?: ExchangeOutcome, request: unknown, 
/**
 * The result, or the error, as received.
 */
response: unknown, ok: boolean, 
/**
 * Milliseconds since the Unix epoch.
 */
startedAt: number, durationMs: number, };

export type ExchangeOutcome = "ok" | "error" | "cancelled";

export type ExplainedParam = { name: string, 
/**
 * The value; secrets shortened to a few characters and `…`.
 */
value: string, explanation: string, };

export type GetPromptRequest = { serverId: string, name: string, arguments: { [key in string]: string }, };

export type HeaderEntry = { name: string, 
/**
 * The value, unless the header is secret (then it lives in the keychain and this is `null`).
 */
value: string | null, secret: boolean, };

export type HeaderInput = { name: string, value: string | null, secret: boolean, };

export type HealthCheck = { title: string, ok: boolean, detail: string, };

export type HistoryEntry = { id: string, serverId: string, 
/**
 * What kind of request; entries written before there were kinds are tool calls.
 */
kind: HistoryKind, 
/**
 * The tool's or prompt's name, or the resource's URI.
 */
tool: string, 
/**
 * The tool's arguments, or the prompt's (strings); `{}` for a resource.
 */
arguments: Record<string, unknown>, isError: boolean, 
/**
 * The user cancelled it (then `is_error` is false).
 */
cancelled: boolean, 
/**
 * A one-line summary of the result (its first text, or the error).
 */
summary: string, 
/**
 * Milliseconds since the Unix epoch.
 */
startedAt: number, durationMs: number, 
/**
 * The result as it was shown, when it was small enough to keep (see `HISTORY_RESULT_BYTES`).
 */
result?: HistoryResult, };

export type HistoryKind = "tool" | "prompt" | "resource";

export type HistoryResult = { content: Array<ContentBlock>, structuredContent: unknown, };

export type IdentityProviderInfo = { id: string, name: string, 
/**
 * Cloudflare's type, e.g. `onetimepin`, `github`, `azureAD`.
 */
kind: string, };

export type IpcError = { code: ErrorCode, 
/**
 * What happened, in plain language.
 */
message: string, 
/**
 * What the user can do about it, when there is something.
 */
fix: string | null, };

export type LogLevelRequest = { serverId: string, 
/**
 * `debug`, `info`, `notice`, `warning`, `error`, `critical`, `alert` or `emergency`.
 */
level: string, };

export type LoginStarted = { authorizationUrl: string, 
/**
 * Where the authorization server will send the browser back: the app's scheme, or a loopback
 * address when the server refused the scheme.
 */
redirectUri: string, 
/**
 * Set when no browser could be opened: the login still waits, for `authorization_url`
 * opened by hand.
 */
browserError: IpcError | null, };

export type LoginTimeline = { serverUrl: string, 
/**
 * Whether each request waits for the user before it is sent.
 */
guided: boolean, steps: Array<TimelineStep>, };

export type ManualAccess = { clientId: string, 
/**
 * Sent once, kept in the keychain; never returned.
 */
clientSecret: string, 
/**
 * The application's "Configuration endpoint" (…/.well-known/openid-configuration) or its issuer.
 */
discoveryUrl: string, };

export type ManualAccessCheck = { issuer: string, authorizationEndpoint: string, tokenEndpoint: string, jwksUri: string, };

export type MenuAction = "about" | "check_for_updates";

export type NotificationKind = "log" | "tools_changed" | "resources_changed" | "resource_updated" | "prompts_changed" | "progress" | "other";

export type PendingServerRequest = { 
/**
 * Gatehouse's own id for this request (not the server's JSON-RPC id).
 */
requestId: string, serverId: string, 
/**
 * Milliseconds since the Unix epoch.
 */
at: number, ask: ServerAsk, };

export type PingOutcome = { 
/**
 * Round-trip time of the `ping` request.
 */
roundTripMs: number, 
/**
 * Milliseconds since the Unix epoch.
 */
at: number, };

export type PlanAction = "create" | "update" | "reuse" | "check" | "done" | "skip";

export type PlannedStep = { step: SetupStep, title: string, action: PlanAction, 
/**
 * What exactly: names, URLs, rules.
 */
detail: string, };

export type PolicyInfo = { id: string, name: string, 
/**
 * Who the policy lets in, in words (e.g. `ada@example.com, bob@example.com`).
 */
summary: string, };

export type PromptArgumentInfo = { name: string, description: string | null, required: boolean, };

export type PromptInfo = { name: string, title: string | null, description: string | null, arguments: Array<PromptArgumentInfo>, };

export type PromptMessageInfo = { 
/**
 * `user` or `assistant`.
 */
role: string, content: ContentBlock, };

export type PromptOutcome = { description: string | null, messages: Array<PromptMessageInfo>, exchange: Exchange, };

export type ProtocolPinRequest = { serverId: string, 
/**
 * `2025-11-25`, `2026-07-28`, or `null` for the newest both sides speak.
 */
protocolVersion: string | null, };

export type RawDirection = "server_to_client" | "client_to_server";

export type RawFullRequest = { serverId: string, part: RawPart, 
/**
 * What to call the file when saving (the method, say); `.json` is added.
 */
name?: string, };

export type RawKind = "request" | "notification";

export type RawMessage = { 
/**
 * Its place in the session's log: unique, rising; an answered request keeps its number.
 */
seq: number, direction: RawDirection, kind: RawKind, 
/**
 * The JSON-RPC method.
 */
method: string, 
/**
 * The JSON-RPC id of a request.
 */
id?: string | number, 
/**
 * `params._meta`, when the message has one.
 */
meta?: unknown, 
/**
 * The progress token the message carries (`params.progressToken` of a progress
 * notification, `params._meta.progressToken` of a request).
 */
progressToken?: string | number, 
/**
 * When it arrived or left, in milliseconds since the Unix epoch.
 */
at: number, 
/**
 * The whole message, or a preview of a very large one.
 */
message: unknown, 
/**
 * Gatehouse's answer to a server's request, once sent (result or error), or its preview.
 */
answer?: unknown, 
/**
 * When the answer left.
 */
answeredAt?: number, 
/**
 * How a server's request was answered: `ok` or `error` (none while it waits).
 */
outcome?: ExchangeOutcome, };

export type RawMessages = { messages: Array<RawMessage>, 
/**
 * How many older messages were dropped to keep the log bounded.
 */
dropped: number, 
/**
 * The most messages the log keeps.
 */
keptAtMost: number, };

export type RawPart = { "part": "message", seq: number, } | { "part": "answer", seq: number, } | { "part": "response", id: string | number, };

export type ReadResourceOutcome = { contents: Array<ResourceContents>, exchange: Exchange, };

export type ReadResourceRequest = { serverId: string, uri: string, };

export type RedirectUrlRequest = { accountId: string, name: string, };

export type ResourceContents = { "kind": "text", uri: string, mimeType: string | null, text: string, } | { "kind": "blob", uri: string, mimeType: string | null, 
/**
 * Base64.
 */
blob: string, };

export type ResourceInfo = { uri: string, name: string, title: string | null, description: string | null, mimeType: string | null, };

export type ResourceListing = { resources: Array<ResourceInfo>, templates: Array<ResourceTemplateInfo>, };

export type ResourceSubscriptionRequest = { serverId: string, uri: string, };

export type ResourceSubscriptions = { uris: Array<string>, 
/**
 * `resources/subscribe` or `subscriptions/listen`.
 */
method: string, };

export type ResourceTemplateInfo = { uriTemplate: string, name: string, title: string | null, description: string | null, mimeType: string | null, };

export type RootEntry = { 
/**
 * A `file://` URI.
 */
uri: string, name: string | null, };

export type SaveResourceOutcome = { path: string | null, 
/**
 * Bytes written.
 */
bytes: number, };

export type SaveResourceRequest = { 
/**
 * The resource's URI: the suggested file name comes from it.
 */
uri: string, 
/**
 * Gives the suggested name its extension when the URI has none.
 */
mimeType: string | null, 
/**
 * Base64, as the server sent it.
 */
blob: string, };

export type ServerAsk = { "type": "elicit_form", message: string, requestedSchema: Record<string, unknown>, 
/**
 * The properties in the order the server sent them (JSON objects here are sorted by name).
 */
propertyOrder: Array<string>, } | { "type": "elicit_url", message: string, url: string, 
/**
 * Empty on protocol 2026-07-28, which dropped it.
 */
elicitationId: string, } | { "type": "sampling", params: Record<string, unknown>, };

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

export type ServerNotificationEntry = { notificationKind: NotificationKind, 
/**
 * For log messages: the level (`info`, `warning`, …).
 */
level: string | null, 
/**
 * The notification's params; when too large, `{ "data": <the start, as text>, "truncatedFromBytes": n }`.
 */
params: unknown, 
/**
 * Milliseconds since the Unix epoch (of the first, when merged).
 */
at: number, 
/**
 * How many notifications this entry stands for (list changes are merged).
 */
repeats: number, };

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
hasClientSecret: boolean, 
/**
 * Folders shared with the server (`roots/list`); set with `server_roots_set`.
 */
roots: Array<RootEntry>, 
/**
 * The protocol version this server is pinned to; `null` negotiates the newest both speak.
 */
protocolVersion?: string, };

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

export type ServerReply = { "type": "accept", content: Record<string, unknown> | null, } | { "type": "decline" } | { "type": "cancel" } | { "type": "sampled", text: string, 
/**
 * Shown to the server as the model that answered; "human" when left empty.
 */
model: string | null, } | { "type": "reject" };

export type ServerRequestEnd = "answered" | "cancelled_by_server" | "session_ended";

export type SetRootsRequest = { serverId: string, roots: Array<RootEntry>, };

export type SetupInput = { 
/**
 * The deployment's name; also the Worker's script name (`<name>.<subdomain>.workers.dev`).
 */
name: string, accountId: string, access: AccessSetup, };

export type SetupPlan = { name: string, workerUrl: string | null, 
/**
 * The redirect URL the Access application must allow (copy it for the manual path).
 */
redirectUrl: string | null, steps: Array<PlannedStep>, 
/**
 * An earlier run stopped part way; `apply` resumes it.
 */
resumes: boolean, };

export type SetupStep = "verify_token" | "read_organization" | "identity_provider" | "policy" | "kv_namespace" | "upload_worker" | "workers_subdomain" | "enable_workers_dev" | "access_app" | "worker_secrets" | "check_worker";

export type StepState = "running" | "done" | "skipped" | "failed";

export type StructuredCheck = { "status": "valid" } | { "status": "missing" } | { "status": "invalid", errors: Array<string>, };

export type TaskInfo = { serverId: string, taskId: string, 
/**
 * The tool the task runs.
 */
tool: string, arguments: Record<string, unknown>, state: TaskState, 
/**
 * What the server says about the task now.
 */
statusMessage: string | null, 
/**
 * The task's progress arrives as `ToolProgress` events with this call id.
 */
callId: string, 
/**
 * Milliseconds since the Unix epoch.
 */
startedAt: number, updatedAt: number, 
/**
 * The tool's result, once the task completed.
 */
result: Array<ContentBlock> | null, resultIsError: boolean, 
/**
 * Why the task failed or could not be followed.
 */
error: string | null, 
/**
 * The request that started it.
 */
exchange: Exchange | null, };

export type TaskRef = { serverId: string, taskId: string, };

export type TaskStartRequest = { serverId: string, name: string, arguments: Record<string, unknown>, };

export type TaskState = "working" | "input_required" | "completed" | "failed" | "cancelled";

export type TeardownReport = { name: string, removed: Array<string>, 
/**
 * Things kept on purpose, each with why (e.g. a policy this deployment did not create).
 */
kept: Array<string>, };

export type TeardownStep = "delete_access_app" | "delete_policy" | "delete_worker" | "delete_kv_namespace" | "forget_secrets";

export type TimelineGuideRequest = { serverId: string, guided: boolean, };

export type TimelineHttp = { method: string, url: string, requestHeaders: Array<[string, string]>, requestBody: string | null, 
/**
 * `null` while the request waits to be sent (guided mode) or when it failed to reach the server.
 */
status: number | null, responseHeaders: Array<[string, string]>, responseBody: string | null, 
/**
 * Why no answer came, when none did.
 */
error: string | null, };

export type TimelineStep = { kind: TimelineStepKind, 
/**
 * Milliseconds since the Unix epoch.
 */
atMs: number, title: string, 
/**
 * What this step found or decided, in a sentence.
 */
summary: string, http: TimelineHttp | null, params: Array<ExplainedParam>, 
/**
 * In guided mode: this request is shown and waits for the user to send it.
 */
waiting: boolean, };

export type TimelineStepKind = "challenge" | "resourceMetadata" | "serverMetadata" | "registration" | "authorization" | "callback" | "token" | "refresh" | "stepUp" | "other";

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

export type ToolRef = { serverId: string, name: string, occurrence: number, };

export type ToolSummary = { name: string, title: string | null, description: string | null, annotations: Record<string, unknown> | null, };

export type UpdatePhase = { "state": "idle" } | { "state": "checking" } | { "state": "up_to_date" } | { "state": "available", update: AvailableUpdate, } | { "state": "downloading", update: AvailableUpdate, downloaded: number, total: number | null, } | { "state": "ready", update: AvailableUpdate, } | { "state": "installing", update: AvailableUpdate, } | { "state": "failed", error: IpcError, update: AvailableUpdate | null, };

export type UpdateRoute = "in_app" | "package_manager" | "development";

export type UpdateSettingsInput = { checkAutomatically: boolean, };

export type UpdateStatus = { currentVersion: string, route: UpdateRoute, 
/**
 * Look for updates at start and once a day.
 */
checkAutomatically: boolean, 
/**
 * When the last check finished, in milliseconds since the Unix epoch.
 */
lastCheckedAt: number | null, phase: UpdatePhase, };

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
  /** Give up the server's waiting login; a link that arrives for it later is refused. */
  login_cancel: { req: ServerRef; res: null };
  /** Forget (and revoke where supported) the server's credentials. */
  logout: { req: ServerRef; res: null };
  /** The window listens to app events: login links that reached the app before it did are */
  /** handled now, their outcome follows as events. */
  app_events_ready: { req: null; res: null };
  /** All tools, every page, without their schemas (`tool_get` has them). */
  tools_list: { req: ServerRef; res: Array<ToolSummary> };
  /** One tool of the latest list, with its input and output schemas; the server is not asked again. */
  tool_get: { req: ToolRef; res: ToolInfo };
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
  /** What the server sent on its own and Gatehouse's notifications this session, oldest first. */
  raw_messages_list: { req: ServerRef; res: RawMessages };
  /** The full text of a large message the raw view shows as a preview. */
  raw_message_full: { req: RawFullRequest; res: string };
  /** Save a large message's full text where the user chooses in the system's save dialog. */
  raw_message_save: { req: RawFullRequest; res: SaveResourceOutcome };
  /** Suggestions for a prompt argument or template variable being typed. */
  completion_complete: { req: CompleteRequest; res: CompletionOutcome };
  /** Follow a resource's updates (`ServerNotifications` with `resource_updated` follow). */
  resource_subscribe: { req: ResourceSubscriptionRequest; res: ResourceSubscriptions };
  /** Stop following a resource's updates. */
  resource_unsubscribe: { req: ResourceSubscriptionRequest; res: ResourceSubscriptions };
  /** The resources this session follows. */
  resource_subscriptions: { req: ServerRef; res: ResourceSubscriptions };
  /** Set the level of the log messages the server sends. */
  log_level_set: { req: LogLevelRequest; res: null };
  /** Ping the server and measure the round trip. */
  server_ping: { req: ServerRef; res: PingOutcome };
  /** Pin the server to a protocol version (or negotiate); reconnects use it. */
  server_protocol_pin: { req: ProtocolPinRequest; res: ServerProfile };
  /** Run a tool call as a task; `TaskChanged` events follow it. */
  task_start: { req: TaskStartRequest; res: TaskInfo };
  /** Every task started on this server, newest first. */
  tasks_list: { req: ServerRef; res: Array<TaskInfo> };
  /** Ask the server to cancel a task. */
  task_cancel: { req: TaskRef; res: TaskInfo };
  /** Save a binary resource where the user chooses in the system's save dialog. */
  resource_save: { req: SaveResourceRequest; res: SaveResourceOutcome };
  /** Requests from servers that wait for the user (elicitation, sampling), oldest first. */
  server_requests_list: { req: null; res: Array<PendingServerRequest> };
  /** Answer a server's request; `ServerRequestClosed` follows. */
  server_request_answer: { req: AnswerServerRequest; res: null };
  /** Replace the folders the server may see (`roots/list`); a connected server is told. */
  server_roots_set: { req: SetRootsRequest; res: ServerProfile };
  /** Choose a folder with the system dialog; `null` when the user closed it. */
  folder_pick: { req: null; res: RootEntry | null };
  /** Which Cloudflare API is used and whether a token is kept. */
  cloudflare_status: { req: null; res: CloudflareStatus };
  /** Check (and keep, in the keychain) an API token, user or account; its kind and the accounts it can use. */
  cloudflare_connect: { req: CloudflareConnectRequest; res: CloudflareConnection };
  /** Forget the kept API token. */
  cloudflare_forget: { req: null; res: null };
  /** What an account has that setup relies on, and what is missing. */
  account_check: { req: AccountRef; res: AccountCheck };
  /** The redirect URL a deployment's Access application must allow. */
  setup_redirect_url: { req: RedirectUrlRequest; res: string };
  /** Check pasted Access application values by fetching their discovery document. */
  manual_access_check: { req: ManualAccess; res: ManualAccessCheck };
  /** What setup would create or change; changes nothing. */
  setup_plan: { req: SetupInput; res: SetupPlan };
  /** Run setup; `SetupProgress` events report each step. A re-run resumes. */
  setup_apply: { req: SetupInput; res: Deployment };
  /** Run setup again with the choices it was started with. */
  setup_resume: { req: DeploymentRef; res: Deployment };
  /** Every deployment this app set up, complete or not. */
  deployments_list: { req: null; res: Array<Deployment> };
  /** Check a deployment live: Worker, Access application, login challenge. */
  deployment_check: { req: DeploymentRef; res: DeploymentHealth };
  /** Check a deployment thoroughly: token, Access, Worker, bundle, and the live answers. */
  deployment_audit: { req: DeploymentRef; res: DeploymentAudit };
  /** Make one of the audit's fixes (updating the server among them), then audit again. */
  deployment_fix: { req: AuditFixRequest; res: DeploymentAudit };
  /** Remove what the deployment created; `TeardownProgress` events report each step. */
  deployment_teardown: { req: DeploymentRef; res: TeardownReport };
  /** How this copy is updated, the setting, and where updating stands. */
  update_status: { req: null; res: UpdateStatus };
  /** Look for a newer version now. */
  update_check: { req: null; res: UpdateStatus };
  /** Download the newer version and verify its signature; `UpdateStatusChanged` events report progress. */
  update_download: { req: null; res: UpdateStatus };
  /** Install the downloaded, verified version and restart. */
  update_install: { req: null; res: null };
  /** Turn automatic update checks on or off. */
  update_settings_save: { req: UpdateSettingsInput; res: UpdateStatus };
  /** Open the folder with Gatehouse's logs; returns its path. */
  log_folder_open: { req: null; res: string };
  /** Run the connection doctor's checks against the server. */
  doctor_run: { req: ServerRef; res: DoctorReport };
  /** The server's login timeline (logins, refreshes, step-ups), secrets shortened. */
  timeline_get: { req: ServerRef; res: LoginTimeline };
  /** Step through the server's next login one request at a time, or not. */
  timeline_guide: { req: TimelineGuideRequest; res: LoginTimeline };
  /** Send the request the guided login is waiting on. */
  timeline_step: { req: ServerRef; res: LoginTimeline };
  /** The timeline as a text report to attach to a bug report; secrets shortened. */
  timeline_export: { req: ServerRef; res: string };
  /** Forget the server's timeline. */
  timeline_clear: { req: ServerRef; res: null };
}

export const APP_EVENT = "gatehouse://event";
