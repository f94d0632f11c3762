//! The check that a message shown to a user is in plain words: no type names, crate paths,
//! generics or a library's own phrasing. Used by the tests of every crate whose errors reach
//! the window.

/// Phrases that only a library (rmcp, reqwest, hyper, rustls, std) would write.
const LIBRARY_PHRASES: &[&str] = &[
    "::",
    "Transport",
    "transport",
    "rmcp",
    "reqwest",
    "hyper",
    "rustls",
    "Send message",
    "Client error",
    "client error (",
    "Io error",
    "Mcp error",
    "os error",
    "error sending request",
    "when send",
    "Some(",
    "None",
    "Err(",
    "Ok(",
    "{",
    "}",
];

/// `Err` with the first offending phrase when `text` is not plain.
pub fn check_plain(text: &str) -> Result<(), String> {
    if text.contains('<') || text.contains('>') {
        return Err(format!("“{text}” has angle brackets (a generic type?)"));
    }
    for phrase in LIBRARY_PHRASES {
        if text.contains(phrase) {
            return Err(format!("“{text}” contains “{phrase}”"));
        }
    }
    Ok(())
}

/// Panics (for tests) when `text` is not plain.
pub fn assert_plain(text: &str) {
    if let Err(why) = check_plain(text) {
        panic!("not in plain words: {why}");
    }
}
