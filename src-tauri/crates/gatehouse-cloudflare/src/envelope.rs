//! Cloudflare's answer envelope `{success, errors[], messages[], result, result_info?}` and what
//! each status means.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::operations::Operation;
use crate::{CloudflareError, Result};

/// Cloudflare's "Authentication error": the token lacks the permission or may not use the account.
const AUTHENTICATION_ERROR: i64 = 10000;

#[derive(Debug, Deserialize, Default)]
struct Envelope {
    success: Option<bool>,
    #[serde(default)]
    errors: Vec<ApiMessage>,
    #[serde(default)]
    result: Value,
    #[serde(default)]
    result_info: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct ApiMessage {
    code: Option<i64>,
    message: Option<String>,
}

/// `result_info` of a list answer: enough to know whether another page follows.
#[derive(Debug, Deserialize, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ResultInfo {
    pub total_pages: Option<u64>,
    pub total_count: Option<u64>,
}

/// A successful answer's `result`, and `result_info` when it had one.
#[derive(Debug)]
pub(crate) struct Answer<T> {
    pub result: T,
    pub info: ResultInfo,
}

/// Maps a final (not to be retried) answer to its result or to the error it means.
pub(crate) fn decode<T: DeserializeOwned>(
    op: &Operation,
    status: u16,
    body: &[u8],
) -> Result<Answer<T>> {
    let unexpected = |message: String| CloudflareError::UnexpectedResponse {
        operation: op.id,
        message,
    };
    // A successful delete may have no body at all; an error page from a proxy may be HTML.
    let envelope: Option<Envelope> = if body.iter().all(u8::is_ascii_whitespace) {
        Some(Envelope::default())
    } else {
        serde_json::from_slice(body).ok()
    };
    if (200..300).contains(&status) {
        let envelope = envelope
            .ok_or_else(|| unexpected(format!("HTTP {status} with a body that is not JSON")))?;
        if envelope.success == Some(false) {
            let (code, message) = first_error(&envelope.errors, status);
            return Err(CloudflareError::Rejected {
                operation: op.id,
                status,
                code,
                message,
            });
        }
        let result = serde_json::from_value(envelope.result)
            .map_err(|e| unexpected(format!("the result is not as the contract says ({e})")))?;
        let info = envelope
            .result_info
            .and_then(|i| serde_json::from_value(i).ok())
            .unwrap_or_default();
        return Ok(Answer { result, info });
    }
    let errors = envelope.map(|e| e.errors).unwrap_or_default();
    let (code, message) = first_error(&errors, status);
    Err(match status {
        401 => CloudflareError::InvalidToken,
        403 if code.is_none() || code == Some(AUTHENTICATION_ERROR) => {
            CloudflareError::MissingPermission {
                operation: op.id,
                permissions: op.permissions.to_vec(),
            }
        }
        404 => CloudflareError::NotFound {
            operation: op.id,
            message,
        },
        // Other 4xx, and 5xx the retry loop does not repeat (501, 505, …) or a 3xx.
        _ => CloudflareError::Rejected {
            operation: op.id,
            status,
            code,
            message,
        },
    })
}

/// The first error's code and message; a status line when the envelope has none.
fn first_error(errors: &[ApiMessage], status: u16) -> (Option<i64>, String) {
    let first = errors.first();
    let message = first
        .and_then(|e| e.message.clone())
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("HTTP {status}"));
    (first.and_then(|e| e.code), message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operations::{CREATE_KV_NAMESPACE, LIST_ACCOUNTS};

    fn err(status: u16, body: &str) -> CloudflareError {
        match decode::<Value>(&CREATE_KV_NAMESPACE, status, body.as_bytes()) {
            Ok(answer) => panic!("expected an error, got {answer:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_success_gives_its_result_and_paging() {
        let body = r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"a"}],
            "result_info":{"page":1,"per_page":5,"count":1,"total_count":6,"total_pages":2}}"#;
        let ok: Answer<Vec<Value>> = decode(&LIST_ACCOUNTS, 200, body.as_bytes()).expect("ok");
        assert_eq!(ok.result[0]["id"], "a");
        assert_eq!(ok.info.total_pages, Some(2));
        assert_eq!(ok.info.total_count, Some(6));
        let empty: Answer<Value> = decode(&LIST_ACCOUNTS, 200, b"").expect("no body");
        assert!(empty.result.is_null());
        let null: Answer<Option<Value>> = decode(
            &LIST_ACCOUNTS,
            202,
            br#"{"success":true,"errors":[],"messages":[],"result":null}"#,
        )
        .expect("null result");
        assert!(null.result.is_none());
    }

    #[test]
    fn a_result_unlike_the_contract_is_unexpected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Named {
            name: String,
        }
        let e = decode::<Named>(
            &LIST_ACCOUNTS,
            200,
            br#"{"success":true,"result":{"id":1}}"#,
        )
        .expect_err("no name");
        assert!(
            matches!(e, CloudflareError::UnexpectedResponse { .. }),
            "{e:?}"
        );
        let e = decode::<Value>(&LIST_ACCOUNTS, 200, b"<html>").expect_err("HTML");
        assert!(
            matches!(e, CloudflareError::UnexpectedResponse { .. }),
            "{e:?}"
        );
    }

    #[test]
    fn errors_map_by_status_and_code() {
        let taken = err(
            400,
            r#"{"success":false,"errors":[{"code":10014,"message":"A namespace with this account ID and title already exists"}],"messages":[],"result":null}"#,
        );
        assert!(matches!(
            taken,
            CloudflareError::Rejected {
                status: 400,
                code: Some(10014),
                ..
            }
        ));
        assert_eq!((taken.code(), taken.status()), (Some(10014), Some(400)));
        assert!(taken.to_string().contains("already exists"));

        let denied = err(
            403,
            r#"{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#,
        );
        match &denied {
            CloudflareError::MissingPermission {
                operation,
                permissions,
            } => {
                assert_eq!(*operation, "workers-kv-namespace-create-a-namespace");
                assert_eq!(permissions, &["Workers KV Storage Write"]);
            }
            other => panic!("{other:?}"),
        }
        // Another 403 code is a refusal of something else, not a permission to add.
        let other = err(
            403,
            r#"{"success":false,"errors":[{"code":9109,"message":"Unauthorized"}]}"#,
        );
        assert!(matches!(
            other,
            CloudflareError::Rejected {
                status: 403,
                code: Some(9109),
                ..
            }
        ));

        assert!(matches!(
            err(
                401,
                r#"{"success":false,"errors":[{"code":1000,"message":"Invalid API Token"}]}"#
            ),
            CloudflareError::InvalidToken
        ));
        assert!(
            matches!(err(404, "Not Found"), CloudflareError::NotFound { ref message, .. } if message == "HTTP 404")
        );
        assert!(matches!(
            err(501, "<html>"),
            CloudflareError::Rejected {
                status: 501,
                code: None,
                ..
            }
        ));
        // success: false on a 200 is a refusal too.
        assert!(matches!(
            err(
                200,
                r#"{"success":false,"errors":[{"code":7,"message":"no"}],"result":null}"#
            ),
            CloudflareError::Rejected {
                status: 200,
                code: Some(7),
                ..
            }
        ));
    }
}
