//! Secrets shortened to a few characters, wherever they appear in what the timeline keeps.

use serde_json::Value;
use url::Url;

/// Names whose values are secret, in JSON bodies, forms and query strings.
const SECRET_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "code_verifier",
    "client_secret",
    "registration_access_token",
    "state",
    "token",
    "assertion",
    "client_assertion",
    "subject_token",
];

/// Headers whose values are secret.
const SECRET_HEADERS: &[&str] = &[
    "authorization",
    "cookie",
    "set-cookie",
    "proxy-authorization",
    "dpop",
];

/// How many characters of a secret are shown.
const SHOWN: usize = 4;

/// The first few characters of a secret and `…`; nothing of a very short one.
pub fn short(secret: &str) -> String {
    let count = secret.chars().count();
    if count <= SHOWN * 2 {
        return "…".into();
    }
    let mut out: String = secret.chars().take(SHOWN).collect();
    out.push('…');
    out
}

pub(crate) fn is_secret_name(name: &str) -> bool {
    SECRET_NAMES.contains(&name.to_ascii_lowercase().as_str())
}

/// A header value with its secret part shortened (`Bearer abcd…`, `Basic …`).
pub fn header(name: &str, value: &str) -> String {
    if !SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, secret)) if !scheme.contains('=') => format!("{scheme} {}", short(secret)),
        _ => short(value),
    }
}

/// A URL with the values of secret query parameters shortened.
pub fn url(raw: &str) -> String {
    let Ok(mut parsed) = Url::parse(raw) else {
        return raw.to_string();
    };
    if parsed.query().is_none() {
        return raw.to_string();
    }
    let pairs: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if is_secret_name(&k) {
                short(&v)
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(pairs);
    // The shortening mark reads better as itself than percent-encoded.
    parsed.to_string().replace("%E2%80%A6", "…")
}

/// A request or response body with secret values shortened: JSON, a form, or (anything else)
/// left out.
pub fn body(raw: &[u8]) -> Option<String> {
    if raw.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(raw);
    if let Ok(mut json) = serde_json::from_str::<Value>(&text) {
        json_values(&mut json);
        return Some(serde_json::to_string_pretty(&json).unwrap_or_default());
    }
    if text.contains('=') && !text.contains(char::is_whitespace) {
        let pairs: Vec<String> = url::form_urlencoded::parse(text.as_bytes())
            .map(|(k, v)| {
                let v = if is_secret_name(&k) {
                    short(&v)
                } else {
                    v.into_owned()
                };
                format!("{k}={v}")
            })
            .collect();
        return Some(pairs.join("&"));
    }
    Some(format!("({} bytes, not shown)", raw.len()))
}

fn json_values(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_name(k) {
                    if let Value::String(s) = v {
                        *s = short(s);
                    } else if !v.is_null() {
                        *v = Value::String("…".into());
                    }
                } else {
                    json_values(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(json_values),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_keep_only_a_short_prefix() {
        assert_eq!(short("abcdefghijklmnop"), "abcd…");
        assert_eq!(short("abc"), "…");
        assert_eq!(
            header("Authorization", "Bearer at-1234567890"),
            "Bearer at-1…"
        );
        assert_eq!(
            header("Content-Type", "application/json"),
            "application/json"
        );
        let u = url("https://as.example/authorize?code=SECRETCODE123&scope=read");
        assert!(u.contains("code=SECR…") && u.contains("scope=read"), "{u}");
        let b = body(br#"{"access_token":"at-1234567890","nested":{"refresh_token":"rt-1234567890"},"scope":"read"}"#)
            .unwrap();
        assert!(!b.contains("1234567890"), "{b}");
        assert!(b.contains("\"scope\": \"read\""), "{b}");
        let f = body(b"grant_type=authorization_code&code=CODE1234567&code_verifier=VERIFIER12345")
            .unwrap();
        assert_eq!(
            f,
            "grant_type=authorization_code&code=CODE…&code_verifier=VERI…"
        );
    }
}
