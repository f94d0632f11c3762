//! The session's raw request/response log, bounded in count and in bytes so that large answers
//! (a 5,000-tool list is about a megabyte) cannot pile up in memory.

use std::collections::VecDeque;

use gatehouse_ipc::Exchange;
use serde_json::{json, Value};

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
    let text = value.to_string();
    let mut end = MAX_RESPONSE_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    json!({ "truncated": true, "bytes": size, "preview": &text[..end] })
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
        let mut kept = exchange.clone();
        let mut response_size = kept.response.to_string().len();
        if response_size > MAX_RESPONSE_BYTES {
            kept.response = preview(&kept.response, response_size);
            response_size = MAX_RESPONSE_BYTES + 64;
        }
        let size = kept.request.to_string().len() + response_size;
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
