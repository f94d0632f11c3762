//! Sizes and beginnings of values as JSON, without writing the whole JSON out: a 5 MB answer is
//! measured, and previewed from its first bytes, without a 5 MB string made (and thrown away) for
//! each question.

use std::io::{self, Write};

use serde::Serialize;

/// Counts the bytes written; with a limit, fails as soon as they go past it.
struct Counter {
    bytes: usize,
    limit: usize,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes += buf.len();
        if self.bytes > self.limit {
            return Err(io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How many bytes `value` takes as compact JSON (as `serde_json::to_string` writes it).
pub fn json_len(value: &impl Serialize) -> usize {
    let mut counter = Counter {
        bytes: 0,
        limit: usize::MAX,
    };
    match serde_json::to_writer(&mut counter, value) {
        Ok(()) => counter.bytes,
        // Only a value that cannot be serialized fails here: it takes no room as JSON.
        Err(_) => 0,
    }
}

/// Whether `value` takes at most `limit` bytes as compact JSON; stops writing as soon as it is
/// over. A value that cannot be serialized does not fit.
pub fn json_fits(value: &impl Serialize, limit: usize) -> bool {
    let mut counter = Counter { bytes: 0, limit };
    serde_json::to_writer(&mut counter, value).is_ok()
}

/// Keeps the first `limit` bytes written, then fails.
struct Prefix {
    bytes: Vec<u8>,
    limit: usize,
}

impl Write for Prefix {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.limit - self.bytes.len();
        if buf.len() > room {
            self.bytes.extend_from_slice(&buf[..room]);
            return Err(io::Error::other("over the limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The first `limit` bytes (or fewer, ending on a whole character) of `value` as compact JSON.
pub fn json_prefix(value: &impl Serialize, limit: usize) -> String {
    let mut prefix = Prefix {
        bytes: Vec::with_capacity(limit.min(1024 * 1024)),
        limit,
    };
    // Stopping at the limit is the point: the error says only that.
    let _ = serde_json::to_writer(&mut prefix, value);
    match String::from_utf8(prefix.bytes) {
        Ok(text) => text,
        Err(cut) => {
            // Cut inside a character: keep the whole ones before it.
            let valid = cut.utf8_error().valid_up_to();
            let mut bytes = cut.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sizes_and_prefixes_match_the_whole_json() {
        let value = json!({ "text": "line\n".repeat(10_000), "n": [1, 2, 3], "é": "ü" });
        let whole = serde_json::to_string(&value).unwrap();
        assert_eq!(json_len(&value), whole.len());
        assert!(json_fits(&value, whole.len()));
        assert!(!json_fits(&value, whole.len() - 1));
        assert_eq!(json_prefix(&value, 100), whole[..100]);
        assert_eq!(json_prefix(&value, whole.len() + 10), whole);
    }

    #[test]
    fn a_prefix_never_ends_inside_a_character() {
        let value = json!("ééééé");
        // `"` then two bytes per é: a limit of 4 bytes would cut the second é in half.
        assert_eq!(json_prefix(&value, 4), "\"é");
        assert_eq!(json_prefix(&value, 5), "\"éé");
    }
}
