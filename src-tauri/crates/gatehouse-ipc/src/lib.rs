//! The data Gatehouse's Rust core and its UI exchange.
//!
//! Every type here derives [`ts_rs::TS`]; `ui/src/bindings/ipc.ts` is generated from them
//! (`make bindings`) and a test fails when the committed file is stale. Commands are declared
//! once in [`commands`], which also produces the TypeScript map the UI's `call` helper is typed by.

mod audit;
mod client_requests;
pub mod commands;
mod content;
mod doctor;
mod error;
mod events;
mod explore;
mod profiles;
mod protocol;
mod raw;
mod setup;
mod typescript;
mod updates;

pub use audit::{
    AuditArea, AuditFinding, AuditFix, AuditFixRequest, AuditOutcome, BundleReport, DeploymentAudit,
};
pub use client_requests::{
    AnswerServerRequest, PendingServerRequest, RootEntry, ServerAsk, ServerReply, ServerRequestEnd,
    SetRootsRequest,
};
pub use content::{ContentAnnotations, ContentBlock, ResourceContents};
pub use doctor::{
    CheckStatus, DoctorCheck, DoctorReport, ExplainedParam, LoginTimeline, TimelineGuideRequest,
    TimelineHttp, TimelineStep, TimelineStepKind,
};
pub use error::{ErrorCode, IpcError};
pub use events::{AppEvent, NotificationKind, ServerNotificationEntry};
pub use explore::{
    AppInfo, CancelRequest, ConnectOutcome, Exchange, ExchangeOutcome, GetPromptRequest,
    HistoryEntry, HistoryKind, HistoryResult, LoginStarted, PromptArgumentInfo, PromptInfo,
    PromptMessageInfo, PromptOutcome, ReadResourceOutcome, ReadResourceRequest, ResourceInfo,
    ResourceListing, ResourceTemplateInfo, SaveResourceOutcome, SaveResourceRequest,
    ServerCapabilitiesInfo, ServerInfo, ServerRef, StructuredCheck, ToolCallOutcome,
    ToolCallRequest, ToolInfo, ToolRef, ToolSummary,
};
pub use profiles::{HeaderEntry, HeaderInput, ServerProfile, ServerProfileInput};
pub use protocol::{
    CompleteRequest, CompletionOutcome, CompletionTarget, LogLevelRequest, PingOutcome,
    ProtocolPinRequest, ResourceSubscriptionRequest, ResourceSubscriptions, TaskInfo, TaskRef,
    TaskStartRequest, TaskState, PINNABLE_PROTOCOL_VERSIONS,
};
pub use raw::{RawDirection, RawFullRequest, RawKind, RawMessage, RawMessages, RawPart};
pub use setup::{
    AccessSetup, AccountCheck, AccountRef, AllowedUsers, CloudflareAccount,
    CloudflareConnectRequest, CloudflareConnection, CloudflareStatus, CloudflareTokenKind,
    Deployment, DeploymentHealth, DeploymentRef, HealthCheck, IdentityProviderInfo, ManualAccess,
    ManualAccessCheck, PlanAction, PlannedStep, PolicyInfo, RedirectUrlRequest, SetupInput,
    SetupPlan, SetupStep, StepState, TeardownReport, TeardownStep,
};
pub use typescript::typescript_bindings;
pub use updates::{
    AvailableUpdate, MenuAction, UpdatePhase, UpdateRoute, UpdateSettingsInput, UpdateStatus,
};

/// The Tauri event every [`AppEvent`] is emitted on.
pub const APP_EVENT: &str = "gatehouse://event";
