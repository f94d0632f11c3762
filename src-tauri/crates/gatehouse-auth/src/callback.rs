//! The links the app accepts, parsed into types. Anything else is refused before it touches state.

use url::Url;

use crate::{AuthFailure, Result, APP_SCHEME};

/// The longest link the app reads at all.
pub const MAX_LINK_LEN: usize = 8 * 1024;
const MAX_PARAM_LEN: usize = 2048;

/// A link handed to the app by the OS (deep link) or the loopback listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppLink {
    /// The authorization server sent the browser back after a login.
    OAuthCallback(CallbackParams),
}

/// What an OAuth authorization response carries (RFC 6749 §4.1.2, RFC 9207).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackParams {
    /// The user approved: a code to exchange.
    Code {
        code: String,
        state: String,
        issuer: Option<String>,
    },
    /// The authorization server refused or the user cancelled.
    Error {
        error: String,
        description: Option<String>,
        state: Option<String>,
    },
}

impl CallbackParams {
    pub fn state(&self) -> Option<&str> {
        match self {
            Self::Code { state, .. } => Some(state),
            Self::Error { state, .. } => state.as_deref(),
        }
    }
}

impl AppLink {
    /// Parses a deep link such as `dev.gatehouse.app:/oauth/callback?code=…&state=…`.
    pub fn parse(link: &str) -> Result<Self> {
        if link.len() > MAX_LINK_LEN {
            return Err(malformed("it is too long"));
        }
        let url = Url::parse(link).map_err(|_| malformed("it is not a URL"))?;
        if url.scheme() != APP_SCHEME {
            return Err(malformed("it does not use the dev.gatehouse.app scheme"));
        }
        if url.host_str().is_some_and(|h| !h.is_empty()) || url.fragment().is_some() {
            return Err(malformed("it has an unexpected form"));
        }
        match url.path() {
            "/oauth/callback" => Ok(Self::OAuthCallback(parse_callback_query(&url)?)),
            _ => Err(malformed("it points to nothing Gatehouse knows")),
        }
    }
}

/// Reads the query of a redirect URL (deep link or loopback) as an authorization response.
pub fn parse_callback_query(url: &Url) -> Result<CallbackParams> {
    let mut code = None;
    let mut state = None;
    let mut issuer = None;
    let mut error = None;
    let mut description = None;
    for (key, value) in url.query_pairs() {
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "iss" => &mut issuer,
            "error" => &mut error,
            "error_description" => &mut description,
            _ => continue,
        };
        if slot.is_some() {
            return Err(malformed(&format!("it repeats the {key} parameter")));
        }
        if value.is_empty() || value.len() > MAX_PARAM_LEN || value.chars().any(char::is_control) {
            return Err(malformed(&format!("its {key} parameter is not valid")));
        }
        *slot = Some(value.into_owned());
    }
    if let Some(error) = error {
        if !error.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(malformed("its error code is not valid"));
        }
        return Ok(CallbackParams::Error {
            error,
            description,
            state,
        });
    }
    let state = state.ok_or_else(|| malformed("it has no state"))?;
    let code = code.ok_or_else(|| malformed("it has no authorization code"))?;
    if let Some(iss) = &issuer {
        Url::parse(iss).map_err(|_| malformed("its issuer is not a URL"))?;
    }
    Ok(CallbackParams::Code {
        code,
        state,
        issuer,
    })
}

fn malformed(why: &str) -> AuthFailure {
    AuthFailure::MalformedLink(why.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_code_callback() {
        let link = AppLink::parse(
            "dev.gatehouse.app:/oauth/callback?code=abc&state=xyz&iss=https%3A%2F%2Fas.example",
        )
        .unwrap();
        assert_eq!(
            link,
            AppLink::OAuthCallback(CallbackParams::Code {
                code: "abc".into(),
                state: "xyz".into(),
                issuer: Some("https://as.example".into())
            })
        );
    }

    #[test]
    fn reads_an_error_callback() {
        let link = AppLink::parse(
            "dev.gatehouse.app:/oauth/callback?error=access_denied&error_description=no&state=s",
        )
        .unwrap();
        assert!(
            matches!(link, AppLink::OAuthCallback(CallbackParams::Error { ref error, .. }) if error == "access_denied")
        );
    }

    #[test]
    fn refuses_what_is_not_a_callback() {
        for bad in [
            "",
            "garbage",
            "https://evil.example/oauth/callback?code=a&state=b",
            "dev.gatehouse.app://evil/oauth/callback?code=a&state=b",
            "dev.gatehouse.app:/other?code=a&state=b",
            "dev.gatehouse.app:/oauth/callback?code=a",
            "dev.gatehouse.app:/oauth/callback?state=b",
            "dev.gatehouse.app:/oauth/callback?code=a&state=b&state=c",
            "dev.gatehouse.app:/oauth/callback?code=a&state=",
            "dev.gatehouse.app:/oauth/callback?code=a%0a&state=b",
            "dev.gatehouse.app:/oauth/callback?code=a&state=b&iss=notaurl",
            "dev.gatehouse.app:/oauth/callback?error=%3Cscript%3E&state=b",
        ] {
            assert!(AppLink::parse(bad).is_err(), "accepted {bad:?}");
        }
    }
}
