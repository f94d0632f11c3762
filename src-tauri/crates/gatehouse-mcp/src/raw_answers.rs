//! What rmcp does not keep of a server's answers, read from the wire. rmcp 3.11 parses every
//! answer into its own types, which have no place for 2025-11-25's `tasks` server capability nor
//! for a tool's `execution.taskSupport`: both are dropped. [`RecordingHttp`] wraps the transport's
//! HTTP client and reads the server-sent events of the answers to the handshake (`initialize`,
//! `server/discover`), to `tools/list` and to requests rmcp has no type for (`tasks/list`, whose
//! answer rmcp would parse into the first of its result types that fits) as they pass, keeping the
//! handshake's result as the server sent it, each tool's task support, and the untyped answers.
//! Everything else passes through untouched.
//!
//! An answer sent as a plain JSON body (not as an event stream) reaches this layer already parsed
//! by rmcp; for such a server nothing is kept here and the typed answer is all there is.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::StreamExt;
use http::{HeaderName, HeaderValue};
use rmcp::model::{ClientJsonRpcMessage, ClientRequest, JsonRpcMessage};
use rmcp::transport::streamable_http_client::{
    SseError, StreamableHttpClient, StreamableHttpError, StreamableHttpPostResponse,
    StreamableHttpResponseLimits,
};
use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// Which answer a pending request id waits for.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Awaited {
    Handshake,
    /// A page of `tools/list`; the first page starts the tool list anew.
    Tools {
        first: bool,
    },
    /// The answer to a request rmcp has no type for, kept as it is until the session takes it.
    Verbatim,
}

/// The fields of a JSON-RPC message that are read; the others are skipped.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Field {
    Id,
    Result,
    #[serde(other)]
    Other,
}

/// A result read as what its request awaits.
enum Kept {
    Tools(ToolsPage),
    Value(Value),
}

/// What one event's data answers: the request's id (as JSON text), what it awaited, and the
/// result read (`None` for an error answer).
type Read = Option<(String, Awaited, Option<Kept>)>;

/// Reads an event's data in one pass: the id first (it comes before the result in every answer
/// seen), then the result as its request awaits it, so a page of thousands of tools is read once,
/// and only for the fields kept. A message that answers nothing awaited is left at its id.
struct Reading<'a> {
    answers: &'a RawAnswers,
}

impl Reading<'_> {
    fn take<E: serde::de::Error>(awaited: Awaited, result: &RawValue) -> Result<Option<Kept>, E> {
        let read = match awaited {
            Awaited::Tools { .. } => serde_json::from_str::<Option<ToolsPage>>(result.get())
                .map(|page| page.map(Kept::Tools)),
            Awaited::Handshake | Awaited::Verbatim => {
                serde_json::from_str::<Option<Value>>(result.get()).map(|v| v.map(Kept::Value))
            }
        };
        read.map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for Reading<'_> {
    type Value = Read;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON-RPC message")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Read, M::Error> {
        let mut awaited: Option<(String, Awaited)> = None;
        // A result that came before the id, read once the id says what it answers.
        let mut early: Option<&'de RawValue> = None;
        let mut kept = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Id => {
                    let key = map.next_value::<Value>()?.to_string();
                    let Some(what) = self.answers.lock().awaited.remove(&key) else {
                        // Not an answer read here: the rest is left unread.
                        return Ok(None);
                    };
                    if let Some(result) = early.take() {
                        kept = Self::take(what, result)?;
                    }
                    awaited = Some((key, what));
                }
                Field::Result => match &awaited {
                    Some((_, Awaited::Tools { .. })) => {
                        kept = map.next_value::<Option<ToolsPage>>()?.map(Kept::Tools);
                    }
                    Some(_) => kept = map.next_value::<Option<Value>>()?.map(Kept::Value),
                    None => early = Some(map.next_value()?),
                },
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(awaited.map(|(key, what)| (key, what, kept)))
    }
}

#[derive(Deserialize)]
struct ToolsPage {
    #[serde(default)]
    tools: Vec<ListedTool>,
}

#[derive(Deserialize)]
struct ListedTool {
    name: String,
    execution: Option<Execution>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Execution {
    task_support: Option<String>,
}

/// The most untyped answers kept that nobody took (the oldest are dropped).
const VERBATIM_KEPT: usize = 64;

#[derive(Default)]
struct Seen {
    /// Request ids (as JSON text) whose answers are read.
    awaited: HashMap<String, Awaited>,
    /// The handshake's `result`, as the server sent it.
    handshake: Option<Value>,
    /// Each listed tool's `execution.taskSupport` (`None`: the tool says nothing), once a list
    /// was read from the wire.
    task_support: Option<HashMap<String, Option<String>>>,
    /// Untyped answers by request id (as JSON text), in arrival order.
    verbatim: Vec<(String, Value)>,
}

/// What was read from the wire for one session; shared by the HTTP client and the session.
#[derive(Clone, Default)]
pub(crate) struct RawAnswers {
    seen: Arc<Mutex<Seen>>,
}

impl RawAnswers {
    fn lock(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The handshake's result as the server sent it, when it came as an event stream.
    pub(crate) fn handshake(&self) -> Option<Value> {
        self.lock().handshake.clone()
    }

    /// The tool's `execution.taskSupport` as listed: `None` when no list was read from the wire
    /// or the tool was not in it, `Some(None)` when the tool says nothing.
    pub(crate) fn task_support(&self, tool: &str) -> Option<Option<String>> {
        self.lock().task_support.as_ref()?.get(tool).cloned()
    }

    /// Takes the untyped answer to the request `id`, when it was read from the wire.
    pub(crate) fn verbatim(&self, id: &Value) -> Option<Value> {
        let key = id.to_string();
        let mut seen = self.lock();
        let at = seen.verbatim.iter().position(|(k, _)| *k == key)?;
        Some(seen.verbatim.remove(at).1)
    }

    /// Notes a request whose answer is to be read.
    fn expect(&self, message: &ClientJsonRpcMessage) {
        let JsonRpcMessage::Request(request) = message else {
            return;
        };
        let awaited = match &request.request {
            ClientRequest::InitializeRequest(_) | ClientRequest::DiscoverRequest(_) => {
                Awaited::Handshake
            }
            ClientRequest::ListToolsRequest(list) => Awaited::Tools {
                first: list
                    .params
                    .as_ref()
                    .and_then(|p| p.cursor.as_ref())
                    .is_none(),
            },
            ClientRequest::CustomRequest(_) => Awaited::Verbatim,
            _ => return,
        };
        let id = serde_json::to_string(&request.id).unwrap_or_default();
        self.lock().awaited.insert(id, awaited);
    }

    /// Reads one event's data, keeping what it answers.
    fn observe(&self, data: &str) {
        if self.lock().awaited.is_empty() {
            return;
        }
        let mut reader = serde_json::Deserializer::from_str(data);
        // An error answer has no result: rmcp reads it as it is; nothing is kept here.
        let Ok(Some((key, awaited, Some(kept)))) =
            reader.deserialize_map(Reading { answers: self })
        else {
            return;
        };
        let mut seen = self.lock();
        match (awaited, kept) {
            (Awaited::Tools { first }, Kept::Tools(page)) => {
                let list = seen.task_support.get_or_insert_with(HashMap::new);
                if first {
                    list.clear();
                }
                for tool in page.tools {
                    let support = tool.execution.and_then(|e| e.task_support);
                    list.insert(tool.name, support);
                }
            }
            (Awaited::Handshake, Kept::Value(result)) => seen.handshake = Some(result),
            (Awaited::Verbatim, Kept::Value(result)) => {
                if seen.verbatim.len() >= VERBATIM_KEPT {
                    seen.verbatim.remove(0);
                }
                seen.verbatim.push((key, result));
            }
            _ => {}
        }
    }

    /// Forgets a request whose answer will not come as events.
    fn forget(&self, message: &ClientJsonRpcMessage) {
        if let JsonRpcMessage::Request(request) = message {
            let id = serde_json::to_string(&request.id).unwrap_or_default();
            self.lock().awaited.remove(&id);
        }
    }

    fn tap(
        &self,
        message: &ClientJsonRpcMessage,
        response: StreamableHttpPostResponse,
    ) -> StreamableHttpPostResponse {
        match response {
            StreamableHttpPostResponse::Sse(stream, session) => {
                let answers = self.clone();
                let stream = stream
                    .map(move |event| {
                        if let Ok(event) = &event {
                            if let Some(data) = event.data.as_deref() {
                                answers.observe(data);
                            }
                        }
                        event
                    })
                    .boxed();
                StreamableHttpPostResponse::Sse(stream, session)
            }
            other => {
                self.forget(message);
                other
            }
        }
    }
}

/// The transport's HTTP client, reading the answers [`RawAnswers`] keeps as they pass.
#[derive(Clone)]
pub(crate) struct RecordingHttp<C> {
    inner: C,
    answers: RawAnswers,
}

impl<C> RecordingHttp<C> {
    pub(crate) fn new(inner: C, answers: RawAnswers) -> Self {
        Self { inner, answers }
    }
}

type PostResult<E> = Result<StreamableHttpPostResponse, StreamableHttpError<E>>;
type EventStream = futures::stream::BoxStream<'static, Result<sse_stream::Sse, SseError>>;

impl<C: StreamableHttpClient + Sync> StreamableHttpClient for RecordingHttp<C> {
    type Error = C::Error;

    async fn post_message(
        &self,
        uri: Arc<str>,
        message: ClientJsonRpcMessage,
        session_id: Option<Arc<str>>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
    ) -> PostResult<C::Error> {
        self.answers.expect(&message);
        let answer = self
            .inner
            .post_message(
                uri,
                message.clone(),
                session_id,
                auth_header,
                custom_headers,
            )
            .await;
        self.settle(&message, answer)
    }

    async fn post_message_with_max_sse_event_size(
        &self,
        uri: Arc<str>,
        message: ClientJsonRpcMessage,
        session_id: Option<Arc<str>>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
        max_sse_event_size: usize,
    ) -> PostResult<C::Error> {
        self.answers.expect(&message);
        let answer = self
            .inner
            .post_message_with_max_sse_event_size(
                uri,
                message.clone(),
                session_id,
                auth_header,
                custom_headers,
                max_sse_event_size,
            )
            .await;
        self.settle(&message, answer)
    }

    async fn post_message_with_response_limits(
        &self,
        uri: Arc<str>,
        message: ClientJsonRpcMessage,
        session_id: Option<Arc<str>>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
        limits: StreamableHttpResponseLimits,
    ) -> PostResult<C::Error> {
        self.answers.expect(&message);
        let answer = self
            .inner
            .post_message_with_response_limits(
                uri,
                message.clone(),
                session_id,
                auth_header,
                custom_headers,
                limits,
            )
            .await;
        self.settle(&message, answer)
    }

    async fn delete_session(
        &self,
        uri: Arc<str>,
        session_id: Arc<str>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
    ) -> Result<(), StreamableHttpError<C::Error>> {
        self.inner
            .delete_session(uri, session_id, auth_header, custom_headers)
            .await
    }

    async fn get_stream(
        &self,
        uri: Arc<str>,
        session_id: Option<Arc<str>>,
        last_event_id: Option<String>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
    ) -> Result<EventStream, StreamableHttpError<C::Error>> {
        self.inner
            .get_stream(uri, session_id, last_event_id, auth_header, custom_headers)
            .await
    }

    async fn get_stream_with_max_sse_event_size(
        &self,
        uri: Arc<str>,
        session_id: Option<Arc<str>>,
        last_event_id: Option<String>,
        auth_header: Option<String>,
        custom_headers: HashMap<HeaderName, HeaderValue>,
        max_sse_event_size: usize,
    ) -> Result<EventStream, StreamableHttpError<C::Error>> {
        self.inner
            .get_stream_with_max_sse_event_size(
                uri,
                session_id,
                last_event_id,
                auth_header,
                custom_headers,
                max_sse_event_size,
            )
            .await
    }
}

impl<C: StreamableHttpClient> RecordingHttp<C> {
    fn settle(
        &self,
        message: &ClientJsonRpcMessage,
        answer: PostResult<C::Error>,
    ) -> PostResult<C::Error> {
        match answer {
            Ok(response) => Ok(self.answers.tap(message, response)),
            Err(error) => {
                self.answers.forget(message);
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn awaiting(answers: &RawAnswers, id: &str, awaited: Awaited) {
        answers.lock().awaited.insert(id.to_string(), awaited);
    }

    #[test]
    fn awaited_answers_are_kept_as_sent_and_everything_else_is_left_alone() {
        let answers = RawAnswers::default();
        awaiting(&answers, "1", Awaited::Handshake);
        awaiting(&answers, "2", Awaited::Tools { first: true });
        awaiting(&answers, "\"x\"", Awaited::Verbatim);
        awaiting(&answers, "4", Awaited::Verbatim);
        // A notification, an answer nobody awaits, and garbage change nothing.
        answers.observe(r#"{"jsonrpc":"2.0","method":"notifications/progress","params":{}}"#);
        answers.observe(r#"{"jsonrpc":"2.0","id":9,"result":{}}"#);
        answers.observe("not json");
        answers
            .observe(r#"{"jsonrpc":"2.0","id":1,"result":{"capabilities":{"tasks":{"list":{}}}}}"#);
        answers.observe(
            &json!({"jsonrpc": "2.0", "id": 2, "result": {"tools": [
                {"name": "slow", "inputSchema": {}, "execution": {"taskSupport": "optional"}},
                {"name": "quick", "inputSchema": {}}
            ]}})
            .to_string(),
        );
        answers.observe(r#"{"jsonrpc":"2.0","id":"x","result":{"tasks":[{"taskId":"t"}]}}"#);
        // An error answer is rmcp's to read: nothing kept, nothing awaited any more.
        answers.observe(r#"{"jsonrpc":"2.0","id":4,"error":{"code":-32601,"message":"no"}}"#);

        assert_eq!(
            answers.handshake(),
            Some(json!({"capabilities": {"tasks": {"list": {}}}}))
        );
        assert_eq!(answers.task_support("slow"), Some(Some("optional".into())));
        assert_eq!(answers.task_support("quick"), Some(None));
        assert_eq!(answers.task_support("unlisted"), None);
        assert_eq!(
            answers.verbatim(&json!("x")),
            Some(json!({"tasks": [{"taskId": "t"}]}))
        );
        assert_eq!(answers.verbatim(&json!("x")), None, "taken once");
        assert_eq!(answers.verbatim(&json!(4)), None);
        assert!(answers.lock().awaited.is_empty());
    }

    #[test]
    fn a_result_before_its_id_is_read_too_and_a_broken_answer_keeps_nothing() {
        let answers = RawAnswers::default();
        awaiting(&answers, "1", Awaited::Tools { first: true });
        awaiting(&answers, "2", Awaited::Verbatim);
        awaiting(&answers, "3", Awaited::Handshake);
        answers.observe(
            r#"{"result":{"tools":[{"name":"t","execution":{"taskSupport":"required"}}]},"jsonrpc":"2.0","id":1}"#,
        );
        answers.observe(r#"{"result":{"n":[1,2]},"id":2}"#);
        answers.observe(r#"{"id":3,"result":{"capabilities":{}},"extra":[1,"#);
        assert_eq!(answers.task_support("t"), Some(Some("required".into())));
        assert_eq!(answers.verbatim(&json!(2)), Some(json!({"n": [1, 2]})));
        assert_eq!(answers.handshake(), None);
        assert!(answers.lock().awaited.is_empty());
    }

    #[test]
    fn a_new_first_page_starts_the_tool_list_anew_and_unread_answers_are_bounded() {
        let answers = RawAnswers::default();
        awaiting(&answers, "1", Awaited::Tools { first: true });
        answers.observe(r#"{"id":1,"result":{"tools":[{"name":"old"}],"nextCursor":"c"}}"#);
        awaiting(&answers, "2", Awaited::Tools { first: false });
        answers.observe(r#"{"id":2,"result":{"tools":[{"name":"next"}]}}"#);
        assert_eq!(answers.task_support("old"), Some(None));
        assert_eq!(answers.task_support("next"), Some(None));
        awaiting(&answers, "3", Awaited::Tools { first: true });
        answers.observe(r#"{"id":3,"result":{"tools":[{"name":"new"}]}}"#);
        assert_eq!(answers.task_support("old"), None);

        for i in 0..(VERBATIM_KEPT + 5) {
            awaiting(&answers, &format!("{}", 100 + i), Awaited::Verbatim);
            answers.observe(&format!(r#"{{"id":{},"result":{{}}}}"#, 100 + i));
        }
        assert_eq!(answers.lock().verbatim.len(), VERBATIM_KEPT);
        assert_eq!(answers.verbatim(&json!(100)), None, "the oldest went first");
    }
}
