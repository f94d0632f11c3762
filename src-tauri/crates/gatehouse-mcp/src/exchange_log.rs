//! The session's raw request/response log, bounded in count and in bytes so that large answers
//! (a 5,000-tool list is about a megabyte) cannot pile up in memory.

use std::collections::VecDeque;

use gatehouse_ipc::Exchange;
use serde_json::{json, Value};

use crate::json_size::{json_fits, json_len, json_prefix};

/// The most exchanges kept.
pub const EXCHANGES_KEPT: usize = 500;
/// The most bytes of JSON kept over all exchanges.
pub const LOG_BUDGET_BYTES: usize = 8 * 1024 * 1024;
/// A response larger than this is kept as a preview; its full text is kept by the raw log
/// (`raw_log.rs`), which sees it arrive, for the window to fetch on demand.
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

#[derive(Default)]
pub struct ExchangeLog {
    entries: VecDeque<(Exchange, usize)>,
    bytes: usize,
}

fn preview(value: &Value, size: usize) -> Value {
    json!({ "truncated": true, "bytes": size, "preview": json_prefix(value, MAX_RESPONSE_BYTES) })
}

/// The preview of a large message from its JSON text, as the log keeps it: its first
/// [`MAX_RESPONSE_BYTES`] (ending on a whole character) and its size.
pub fn text_preview(text: &str) -> Value {
    let mut end = MAX_RESPONSE_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    json!({ "truncated": true, "bytes": text.len(), "preview": &text[..end] })
}

/// Whether `response` is already a preview (made from the answer's text as it arrived).
fn is_preview(response: &Value) -> bool {
    response.get("truncated") == Some(&Value::Bool(true))
        && response.get("preview").is_some_and(Value::is_string)
}

/// A response as the log keeps it: itself, or a preview of its first bytes when it is larger
/// than [`MAX_RESPONSE_BYTES`]; and its size as JSON.
fn kept_response(response: &Value) -> (Value, usize) {
    if is_preview(response) {
        return (response.clone(), MAX_RESPONSE_BYTES + 64);
    }
    let size = json_len(response);
    if size > MAX_RESPONSE_BYTES {
        (preview(response, size), MAX_RESPONSE_BYTES + 64)
    } else {
        (response.clone(), size)
    }
}

/// `exchange` with its response shortened as the log keeps it (see [`ExchangeLog::push`]).
pub fn shortened(exchange: Exchange) -> Exchange {
    if is_preview(&exchange.response) || json_fits(&exchange.response, MAX_RESPONSE_BYTES) {
        return exchange;
    }
    Exchange {
        response: kept_response(&exchange.response).0,
        ..exchange
    }
}

impl ExchangeLog {
    /// A log that starts with `first` (the handshake).
    pub fn with_first(first: &Exchange) -> Self {
        let mut log = Self::default();
        log.push(first);
        log
    }

    /// Keeps a copy of `exchange`, its response shortened to a preview when it is very large;
    /// returns the copy kept.
    pub fn push(&mut self, exchange: &Exchange) -> Exchange {
        // The response is measured and previewed without being copied or written out whole.
        let (response, response_size) = kept_response(&exchange.response);
        let kept = Exchange {
            method: exchange.method.clone(),
            id: exchange.id.clone(),
            outcome: exchange.outcome,
            request: exchange.request.clone(),
            response,
            ok: exchange.ok,
            started_at: exchange.started_at,
            duration_ms: exchange.duration_ms,
        };
        let size = json_len(&kept.request) + response_size;
        self.entries.push_back((kept.clone(), size));
        self.bytes += size;
        while self.entries.len() > EXCHANGES_KEPT
            || (self.bytes > LOG_BUDGET_BYTES && self.entries.len() > 1)
        {
            if let Some((_, dropped)) = self.entries.pop_front() {
                self.bytes -= dropped;
            }
        }
        kept
    }

    pub fn all(&self) -> Vec<Exchange> {
        self.entries.iter().map(|(e, _)| e.clone()).collect()
    }

    #[cfg(test)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(response: Value) -> Exchange {
        Exchange {
            method: "tools/list".into(),
            id: None,
            outcome: None,
            request: json!({}),
            response,
            ok: true,
            started_at: 0,
            duration_ms: 0,
        }
    }

    #[test]
    fn large_responses_become_previews_and_the_budget_holds() {
        let mut log = ExchangeLog::default();
        let big = json!({ "tools": "x".repeat(1024 * 1024) });
        for _ in 0..100 {
            log.push(&exchange(big.clone()));
        }
        assert!(log.bytes() <= LOG_BUDGET_BYTES);
        let last = log.all().pop().unwrap();
        assert_eq!(last.response["truncated"], json!(true));
        assert!(last.response["bytes"].as_u64().unwrap() > 1024 * 1024);
    }

    #[test]
    fn an_answer_is_shortened_as_the_log_keeps_it_and_a_small_one_is_untouched() {
        let big =
            exchange(json!({ "content": [{ "type": "text", "text": "line\n".repeat(100_000) }] }));
        let whole = serde_json::to_string(&big.response).unwrap();
        let mut log = ExchangeLog::default();
        let kept = log.push(&big);
        let short = shortened(big.clone());
        assert_eq!(short.response, kept.response);
        assert_eq!(short.response["bytes"], json!(whole.len()));
        assert_eq!(
            short.response["preview"].as_str().unwrap(),
            &whole[..MAX_RESPONSE_BYTES]
        );
        assert_eq!(short.request, big.request);

        let small = exchange(json!({ "content": [] }));
        assert_eq!(shortened(small.clone()).response, small.response);
        assert_eq!(log.push(&small).response, small.response);
    }

    #[test]
    fn a_preview_made_from_the_text_is_kept_as_it_is() {
        let text = format!("{{\"result\":\"{}\"}}", "é".repeat(MAX_RESPONSE_BYTES));
        let preview = text_preview(&text);
        assert_eq!(preview["bytes"], json!(text.len()));
        let start = preview["preview"].as_str().unwrap();
        assert!(text.starts_with(start) && start.len() > MAX_RESPONSE_BYTES - 4);
        let answer = exchange(preview.clone());
        let mut log = ExchangeLog::default();
        assert_eq!(log.push(&answer).response, preview);
        assert_eq!(shortened(answer).response, preview);
        assert_eq!(log.bytes(), json_len(&json!({})) + MAX_RESPONSE_BYTES + 64);
    }

    #[test]
    fn keeps_at_most_the_last_exchanges() {
        let mut log = ExchangeLog::default();
        for i in 0..(EXCHANGES_KEPT + 10) {
            log.push(&exchange(json!(i)));
        }
        let all = log.all();
        assert_eq!(all.len(), EXCHANGES_KEPT);
        assert_eq!(all[0].response, json!(10));
    }
}
