//! The client Gatehouse logs in as, per server: dynamic registration (RFC 7591) in the way the
//! authorization server asks for, and what a completed login keeps about its client.
//!
//! rmcp registers every client as public (`token_endpoint_auth_method: none`), which an
//! authorization server that allows only `client_secret_basic` or `client_secret_post` refuses.
//! Gatehouse registers itself instead, asking for the method the server lists (a public client
//! where the server allows one), keeps the secret it is given in the keychain, and authenticates
//! at the token endpoint the way the registration says.

use rmcp::transport::auth::AuthorizationMetadata;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::secrets::{blocking, SharedSecrets};
use crate::server_key::{is_loopback, server_key};
use crate::{AuthFailure, Result, CLIENT_NAME};

const AUTH_METHODS: &str = "token_endpoint_auth_methods_supported";

/// The client a completed login used, kept in the keychain per server: later logins reuse a
/// dynamic registration, and refreshing tokens needs the secret, the authentication method and
/// where the metadata was found.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Registration {
    pub client_id: String,
    pub redirect_uri: String,
    #[serde(default)]
    pub client_secret: Option<String>,
    /// `client_secret_basic` or `client_secret_post` for a confidential client.
    #[serde(default)]
    pub auth_method: Option<String>,
    /// The `WWW-Authenticate` value the login started from: its `resource_metadata` finds the
    /// server's metadata where the well-known paths do not.
    #[serde(default)]
    pub challenge: Option<String>,
    /// A dynamic registration, reused by later logins; a pre-registered client's id comes from
    /// the settings each time, and a metadata document's URL is chosen afresh.
    #[serde(default = "reusable_by_default")]
    pub reusable: bool,
}

/// Entries written before the field existed held dynamic registrations only.
fn reusable_by_default() -> bool {
    true
}

pub(crate) fn registration_key(server_key: &str) -> String {
    format!("oauth-client:{server_key}")
}

/// The client the last completed login to `url` used, if any.
pub(crate) async fn load(secrets: &SharedSecrets, url: &Url) -> Result<Option<Registration>> {
    let key = registration_key(&server_key(url));
    Ok(blocking(secrets, move |s| s.get(&key))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok()))
}

pub(crate) async fn save(
    secrets: &SharedSecrets,
    url: &Url,
    registration: &Registration,
) -> Result<()> {
    let key = registration_key(&server_key(url));
    let json =
        serde_json::to_string(registration).map_err(|e| AuthFailure::Other(e.to_string()))?;
    blocking(secrets, move |s| s.set(&key, &json)).await
}

/// The token endpoint authentication to register with: a public client (`none`) where the server
/// allows it or says nothing, else the secret in a Basic header, else in the request body.
pub(crate) fn auth_method_for(metadata: &AuthorizationMetadata) -> &'static str {
    let Some(methods) = metadata
        .additional_fields
        .get(AUTH_METHODS)
        .and_then(|m| m.as_array())
    else {
        return "none";
    };
    let offers = |name: &str| methods.iter().any(|m| m.as_str() == Some(name));
    if offers("none") {
        "none"
    } else if offers("client_secret_basic") {
        "client_secret_basic"
    } else if offers("client_secret_post") {
        "client_secret_post"
    } else {
        "none"
    }
}

/// Makes rmcp authenticate at the token endpoint as the registration says: it picks the request
/// body only when the metadata lists `client_secret_post` without `client_secret_basic`.
pub(crate) fn authenticate_as(metadata: &mut AuthorizationMetadata, auth_method: Option<&str>) {
    if let Some(method @ ("client_secret_basic" | "client_secret_post")) = auth_method {
        metadata
            .additional_fields
            .insert(AUTH_METHODS.into(), serde_json::json!([method]));
    }
}

/// A client registered for one login.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Registered {
    pub client_id: String,
    pub client_secret: Option<String>,
    pub auth_method: Option<String>,
}

#[derive(Serialize)]
struct RegistrationRequest<'a> {
    client_name: &'a str,
    redirect_uris: [&'a str; 1],
    grant_types: [&'a str; 2],
    response_types: [&'a str; 1],
    token_endpoint_auth_method: &'a str,
    application_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

#[derive(Deserialize)]
struct RegistrationResponse {
    client_id: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    token_endpoint_auth_method: Option<String>,
}

/// Registers Gatehouse with the authorization server (RFC 7591) for `redirect_uri`.
pub(crate) async fn register(
    server: &Url,
    metadata: &AuthorizationMetadata,
    redirect_uri: &str,
    scopes: &[String],
) -> Result<Registered> {
    let endpoint = metadata.registration_endpoint.as_deref().ok_or_else(|| {
        AuthFailure::Registration(
            "the authorization server offers no registration and no client metadata documents"
                .into(),
        )
    })?;
    let endpoint = Url::parse(endpoint)
        .map_err(|_| AuthFailure::Registration("its registration address is not a URL".into()))?;
    if !(endpoint.scheme() == "https" || (endpoint.scheme() == "http" && is_loopback(&endpoint))) {
        return Err(AuthFailure::Registration(
            "its registration address is not https".into(),
        ));
    }
    let requested = auth_method_for(metadata);
    let request = RegistrationRequest {
        client_name: CLIENT_NAME,
        redirect_uris: [redirect_uri],
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
        token_endpoint_auth_method: requested,
        application_type: "native",
        scope: (!scopes.is_empty()).then(|| scopes.join(" ")),
    };
    let body = serde_json::to_vec(&request)
        .map_err(|e| AuthFailure::Registration(format!("the request could not be made ({e})")))?;
    let request = oauth2::http::Request::builder()
        .method(oauth2::http::Method::POST)
        .uri(endpoint.as_str())
        .header(oauth2::http::header::CONTENT_TYPE, "application/json")
        .header(oauth2::http::header::ACCEPT, "application/json")
        .body(body)
        .map_err(|e| AuthFailure::Registration(format!("the request could not be made ({e})")))?;
    // Through the login's recording client: the timeline shows it, and the address policy applies.
    let answer = crate::timeline::send_for_login(server, request)
        .await
        .map_err(AuthFailure::Network)?;
    let status = answer.status();
    let body = answer.into_body();
    if !status.is_success() {
        let text = String::from_utf8_lossy(&body);
        let text: String = text.chars().take(300).collect();
        return Err(AuthFailure::Registration(format!("HTTP {status}: {text}")));
    }
    let response: RegistrationResponse = serde_json::from_slice(&body).map_err(|e| {
        AuthFailure::Registration(format!("its answer is not a registration ({e})"))
    })?;
    Ok(registered(response, requested))
}

/// What the answer means: the method it names (or the one asked for); a public client keeps no
/// secret, and an empty secret is none.
fn registered(response: RegistrationResponse, requested: &str) -> Registered {
    let method = response
        .token_endpoint_auth_method
        .unwrap_or_else(|| requested.to_string());
    let secret = response.client_secret.filter(|s| !s.is_empty());
    match (method.as_str(), secret) {
        ("client_secret_basic" | "client_secret_post", Some(secret)) => Registered {
            client_id: response.client_id,
            client_secret: Some(secret),
            auth_method: Some(method),
        },
        _ => Registered {
            client_id: response.client_id,
            client_secret: None,
            auth_method: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(methods: Option<serde_json::Value>) -> AuthorizationMetadata {
        let mut metadata = AuthorizationMetadata::default();
        if let Some(methods) = methods {
            metadata
                .additional_fields
                .insert(AUTH_METHODS.into(), methods);
        }
        metadata
    }

    #[test]
    fn registers_the_way_the_server_allows() {
        use serde_json::json;
        assert_eq!(auth_method_for(&metadata(None)), "none");
        assert_eq!(
            auth_method_for(&metadata(Some(json!(["none", "client_secret_basic"])))),
            "none"
        );
        assert_eq!(
            auth_method_for(&metadata(Some(json!(["client_secret_basic"])))),
            "client_secret_basic"
        );
        assert_eq!(
            auth_method_for(&metadata(Some(json!(["client_secret_post"])))),
            "client_secret_post"
        );
        assert_eq!(
            auth_method_for(&metadata(Some(json!([
                "client_secret_post",
                "client_secret_basic"
            ])))),
            "client_secret_basic"
        );
    }

    #[test]
    fn authenticates_as_registered() {
        use serde_json::json;
        let mut both = metadata(Some(json!(["client_secret_basic", "client_secret_post"])));
        authenticate_as(&mut both, Some("client_secret_post"));
        assert_eq!(
            both.additional_fields[AUTH_METHODS],
            json!(["client_secret_post"])
        );
        let mut public = metadata(Some(json!(["none"])));
        authenticate_as(&mut public, None);
        assert_eq!(public.additional_fields[AUTH_METHODS], json!(["none"]));
    }

    #[test]
    fn a_confidential_registration_keeps_its_secret_and_method() {
        let answer = |secret: Option<&str>, method: Option<&str>| RegistrationResponse {
            client_id: "c".into(),
            client_secret: secret.map(str::to_string),
            token_endpoint_auth_method: method.map(str::to_string),
        };
        assert_eq!(
            registered(
                answer(Some("s"), Some("client_secret_post")),
                "client_secret_basic"
            ),
            Registered {
                client_id: "c".into(),
                client_secret: Some("s".into()),
                auth_method: Some("client_secret_post".into())
            }
        );
        assert_eq!(
            registered(answer(Some("s"), None), "client_secret_basic")
                .auth_method
                .as_deref(),
            Some("client_secret_basic")
        );
        assert_eq!(
            registered(answer(Some(""), None), "client_secret_basic").client_secret,
            None
        );
        assert_eq!(
            registered(answer(Some("s"), Some("none")), "none").client_secret,
            None
        );
    }

    #[test]
    fn entries_from_before_are_reusable_registrations() {
        let old: Registration = serde_json::from_str(
            r#"{"client_id":"c","redirect_uri":"dev.gatehouse.app:/oauth/callback"}"#,
        )
        .expect("an older entry reads");
        assert!(old.reusable);
        assert_eq!(old.client_secret, None);
    }
}
