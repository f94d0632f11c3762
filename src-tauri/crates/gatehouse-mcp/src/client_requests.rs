//! What a server may ask of Gatehouse, and who answers.
//!
//! Gatehouse declares the client capabilities `elicitation` (form and URL mode), `sampling` and
//! `roots` (with `listChanged`). A server's `elicitation/create` or `sampling/createMessage` —
//! sent as a request on 2025-11-25, or as an input request inside a result on 2026-07-28 (rmcp
//! fulfils those through the same handler) — becomes a [`PendingServerRequest`] handed to a
//! [`Responder`], whose [`ServerReply`] goes back to the server. `roots/list` is answered from the
//! session's [`ClientSide::roots`], without asking anyone.
//!
//! Responders:
//! - the app's: every request waits in a desk the window reads (`AppEvent::ServerRequestOpened`,
//!   [`crate::Explorer::pending_server_requests`], [`crate::Explorer::answer_server_request`]);
//! - [`AnswerWithDefaults`]: accepts every form with the defaults its schema gives (SEP-1034),
//!   declines URL-mode elicitations and rejects sampling. For headless runs (the CLI's
//!   `--elicitation defaults`, the conformance runner);
//! - [`DeclineAll`]: declines every elicitation and rejects sampling.
//!
//! A responder's future is dropped when the server withdraws the request
//! (`notifications/cancelled`) or the session ends; [`Responder::withdrawn`] is then called so
//! it can forget the request.
//!
//! Wiring a headless client (the integrator's view):
//! ```no_run
//! # async fn run(secrets: gatehouse_auth::secrets::SharedSecrets, target: gatehouse_mcp::ConnectTarget) -> gatehouse_mcp::Result<()> {
//! use std::sync::Arc;
//! use gatehouse_mcp::{connect_with, AnswerWithDefaults, ClientSide, Connected, NoEvents};
//! let side = ClientSide::answered_by(Arc::new(AnswerWithDefaults));
//! if let Connected::Session(session) = connect_with(&secrets, target, Arc::new(NoEvents), side).await? {
//!     // Tool calls that elicit are answered with the schema's defaults.
//!     session.close().await;
//! }
//! # Ok(()) }
//! ```

// Sampling and roots are deprecated from 2026-07-28 on (SEP-2577); servers on 2025-11-25 use them.
#![allow(deprecated)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use gatehouse_ipc::{PendingServerRequest, RootEntry, ServerAsk, ServerReply, ServerRequestEnd};
use rmcp::model::{
    CreateMessageRequestParams, CreateMessageResult, ElicitRequestParams, ElicitResult,
    ElicitationAction, ErrorCode, ErrorData,
};
use serde_json::{Map, Value};

/// The future a [`Responder`] answers with.
pub type ReplyFuture = Pin<Box<dyn Future<Output = ServerReply> + Send>>;

/// Answers what servers ask. Shared by every session of an explorer (or one CLI connection).
pub trait Responder: Send + Sync + 'static {
    /// Answers one request. Dropped unanswered when the server withdraws it or the session ends.
    fn respond(&self, request: PendingServerRequest) -> ReplyFuture;

    /// The request will not be answered: the server withdrew it or the session ended.
    fn withdrawn(&self, _request_id: &str, _end: ServerRequestEnd) {}

    /// The server finished what a URL-mode elicitation sent the user to do.
    fn elicitation_completed(&self, _server_id: &str, _elicitation_id: &str) {}
}

/// How one session answers the server: who responds, and which folders it may see.
#[derive(Clone)]
pub struct ClientSide {
    pub responder: Arc<dyn Responder>,
    pub roots: Vec<RootEntry>,
}

impl ClientSide {
    /// Answered by `responder`, with no folders shared.
    pub fn answered_by(responder: Arc<dyn Responder>) -> Self {
        Self {
            responder,
            roots: Vec::new(),
        }
    }
}

impl Default for ClientSide {
    fn default() -> Self {
        Self::answered_by(Arc::new(DeclineAll))
    }
}

/// Accepts forms with their schema's defaults (SEP-1034); declines URL-mode elicitations
/// (nobody is there to visit them) and rejects sampling (no model is called). A form with a
/// required field that has no default is declined: there is no valid answer to send.
pub struct AnswerWithDefaults;

impl Responder for AnswerWithDefaults {
    fn respond(&self, request: PendingServerRequest) -> ReplyFuture {
        let reply = match &request.ask {
            ServerAsk::ElicitForm {
                requested_schema, ..
            } => match complete_defaults(requested_schema) {
                Some(content) => ServerReply::Accept {
                    content: Some(Value::Object(content)),
                },
                None => ServerReply::Decline,
            },
            ServerAsk::ElicitUrl { .. } => ServerReply::Decline,
            ServerAsk::Sampling { .. } => ServerReply::Reject,
        };
        Box::pin(std::future::ready(reply))
    }
}

/// Declines every elicitation and rejects every sampling request.
pub struct DeclineAll;

impl Responder for DeclineAll {
    fn respond(&self, request: PendingServerRequest) -> ReplyFuture {
        let reply = match request.ask {
            ServerAsk::Sampling { .. } => ServerReply::Reject,
            _ => ServerReply::Decline,
        };
        Box::pin(std::future::ready(reply))
    }
}

/// Each property's `default` from an elicitation schema (SEP-1034): strings, numbers, integers,
/// booleans, single-select enums (a string) and multi-select enums (an array of strings).
pub fn schema_defaults(schema: &Value) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .filter_map(|(name, property)| {
                    let default = property.get("default")?;
                    fits(property, default).then(|| (name.clone(), default.clone()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The defaults, when they cover every required property.
fn complete_defaults(schema: &Value) -> Option<Map<String, Value>> {
    let defaults = schema_defaults(schema);
    let required = schema.get("required").and_then(Value::as_array);
    let covered = required
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .all(|name| defaults.contains_key(name));
    covered.then_some(defaults)
}

/// Whether a default has the property's type (a server's mistake is not sent back to it).
fn fits(property: &Value, default: &Value) -> bool {
    match property.get("type").and_then(Value::as_str) {
        Some("string") => default.is_string(),
        Some("number") => default.is_number(),
        Some("integer") => default.is_i64() || default.is_u64(),
        Some("boolean") => default.is_boolean(),
        Some("array") => default
            .as_array()
            .is_some_and(|items| items.iter().all(Value::is_string)),
        // Untyped enums (`enum` or `oneOf` alone) take string values.
        None => default.is_string(),
        Some(_) => false,
    }
}

/// What the user is asked, from an `elicitation/create`.
pub(crate) fn elicitation_ask(params: &ElicitRequestParams) -> Option<ServerAsk> {
    match params {
        ElicitRequestParams::FormElicitationParams {
            message,
            requested_schema,
            ..
        } => Some(ServerAsk::ElicitForm {
            message: message.clone(),
            requested_schema: serde_json::to_value(requested_schema).unwrap_or(Value::Null),
            property_order: requested_schema
                .property_order
                .clone()
                .unwrap_or_else(|| requested_schema.properties.keys().cloned().collect()),
        }),
        ElicitRequestParams::UrlElicitationParams {
            message,
            url,
            elicitation_id,
            ..
        } => Some(ServerAsk::ElicitUrl {
            message: message.clone(),
            url: url.clone(),
            elicitation_id: elicitation_id.clone(),
        }),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// What the user is asked, from a `sampling/createMessage`.
pub(crate) fn sampling_ask(params: &CreateMessageRequestParams) -> ServerAsk {
    ServerAsk::Sampling {
        params: serde_json::to_value(params).unwrap_or(Value::Null),
    }
}

/// The elicitation result for a reply. Only `Accept` carries content, and only a form's.
pub(crate) fn elicit_result(reply: ServerReply, is_form: bool) -> ElicitResult {
    match reply {
        ServerReply::Accept { content } if is_form => {
            let content = match content {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            ElicitResult::new(ElicitationAction::Accept).with_content(Value::Object(content))
        }
        ServerReply::Accept { .. } => ElicitResult::new(ElicitationAction::Accept),
        ServerReply::Cancel => ElicitResult::new(ElicitationAction::Cancel),
        ServerReply::Decline | ServerReply::Reject | ServerReply::Sampled { .. } => {
            ElicitResult::new(ElicitationAction::Decline)
        }
    }
}

/// The sampling result for a reply: the user's text as the assistant's message, or the
/// "user rejected" error (code -1) the specification names.
pub(crate) fn sampling_result(reply: ServerReply) -> Result<CreateMessageResult, ErrorData> {
    match reply {
        ServerReply::Sampled { text, model } => {
            let model = model
                .map(|m| m.trim().to_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "human".to_string());
            let result = serde_json::json!({
                "model": model,
                "stopReason": CreateMessageResult::STOP_REASON_END_TURN,
                "role": "assistant",
                "content": { "type": "text", "text": text },
            });
            serde_json::from_value(result).map_err(|e| {
                ErrorData::internal_error(format!("could not build the reply: {e}"), None)
            })
        }
        _ => Err(rejected()),
    }
}

pub(crate) fn rejected() -> ErrorData {
    ErrorData::new(
        ErrorCode(-1),
        "The user rejected the sampling request",
        None,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form(schema: Value) -> PendingServerRequest {
        PendingServerRequest {
            request_id: "r1".into(),
            server_id: "s".into(),
            at: 0,
            ask: ServerAsk::ElicitForm {
                message: "Tell me".into(),
                requested_schema: schema,
                property_order: Vec::new(),
            },
        }
    }

    #[test]
    fn every_kind_of_default_is_taken() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": { "type": "string", "default": "John Doe" },
                "age": { "type": "integer", "default": 30 },
                "score": { "type": "number", "default": 95.5 },
                "status": { "type": "string", "enum": ["active", "inactive"], "default": "active" },
                "verified": { "type": "boolean", "default": true },
                "colors": { "type": "array", "items": { "anyOf": [{ "const": "r", "title": "Red" }] }, "default": ["r"] },
                "plain": { "type": "string" }
            }
        });
        let defaults = schema_defaults(&schema);
        assert_eq!(
            Value::Object(defaults),
            json!({ "name": "John Doe", "age": 30, "score": 95.5, "status": "active", "verified": true, "colors": ["r"] })
        );
    }

    #[test]
    fn a_default_of_the_wrong_type_is_left_out() {
        let schema = json!({ "properties": {
            "age": { "type": "integer", "default": "thirty" },
            "ratio": { "type": "integer", "default": 0.5 },
            "on": { "type": "boolean", "default": "yes" }
        }});
        assert!(schema_defaults(&schema).is_empty());
    }

    #[tokio::test]
    async fn defaults_answer_accepts_with_the_defaults() {
        let reply = AnswerWithDefaults
            .respond(form(
                json!({ "properties": { "n": { "type": "number", "default": 2 } } }),
            ))
            .await;
        assert_eq!(
            reply,
            ServerReply::Accept {
                content: Some(json!({ "n": 2 }))
            }
        );
    }

    #[tokio::test]
    async fn defaults_answer_declines_when_a_required_field_has_none() {
        let schema =
            json!({ "properties": { "email": { "type": "string" } }, "required": ["email"] });
        assert_eq!(
            AnswerWithDefaults.respond(form(schema)).await,
            ServerReply::Decline
        );
    }

    #[tokio::test]
    async fn defaults_answer_declines_urls_and_rejects_sampling() {
        let mut url = form(json!({}));
        url.ask = ServerAsk::ElicitUrl {
            message: "Go".into(),
            url: "https://example.com".into(),
            elicitation_id: "e".into(),
        };
        assert_eq!(AnswerWithDefaults.respond(url).await, ServerReply::Decline);
        let mut sampling = form(json!({}));
        sampling.ask = ServerAsk::Sampling { params: json!({}) };
        assert_eq!(
            AnswerWithDefaults.respond(sampling.clone()).await,
            ServerReply::Reject
        );
        assert_eq!(DeclineAll.respond(sampling).await, ServerReply::Reject);
        assert_eq!(
            DeclineAll.respond(form(json!({}))).await,
            ServerReply::Decline
        );
    }

    #[test]
    fn replies_map_to_elicitation_results() {
        let accept = elicit_result(
            ServerReply::Accept {
                content: Some(json!({ "a": 1 })),
            },
            true,
        );
        assert_eq!(accept.action, ElicitationAction::Accept);
        assert_eq!(accept.content, Some(json!({ "a": 1 })));
        // URL mode never sends content.
        let url = elicit_result(
            ServerReply::Accept {
                content: Some(json!({ "a": 1 })),
            },
            false,
        );
        assert_eq!(url.content, None);
        assert_eq!(
            elicit_result(ServerReply::Cancel, true).action,
            ElicitationAction::Cancel
        );
        assert_eq!(
            elicit_result(ServerReply::Decline, true).action,
            ElicitationAction::Decline
        );
    }

    #[test]
    fn a_written_reply_becomes_the_assistants_message() {
        let result = sampling_result(ServerReply::Sampled {
            text: "Hello".into(),
            model: None,
        })
        .expect("a result");
        let json = serde_json::to_value(&result).expect("serializes");
        assert_eq!(json["model"], "human");
        assert_eq!(json["role"], "assistant");
        assert_eq!(json["content"]["text"], "Hello");
        assert_eq!(json["stopReason"], "endTurn");
        let error = sampling_result(ServerReply::Reject).expect_err("rejected");
        assert_eq!(error.code, ErrorCode(-1));
    }
}
