//! Opening a session: Streamable HTTP with the profile's headers, OAuth tokens from the keychain
//! when there are any, and protocol negotiation (2026-07-28 discovery with a fallback to the
//! 2025-11-25 `initialize` handshake).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::server_key::server_key;
use gatehouse_auth::timeline;
use gatehouse_auth::{
    KeychainCredentialStore, KeychainStateStore, Sensitive, Unreachable, APP_REDIRECT_URI,
};
use http::{HeaderName, HeaderValue};
use rmcp::model::ProtocolVersion;
use rmcp::service::{ClientInitializeError, ClientLifecycleMode, ClientServiceExt};
use rmcp::transport::auth::{
    AuthClient, AuthError, AuthorizationManager, CredentialStore, OAuthClientConfig,
};
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use rmcp::transport::StreamableHttpClientTransport;
use url::Url;

use crate::client_requests::ClientSide;
use crate::handler::{ExplorerHandler, ProgressRoutes};
use crate::raw_answers::{RawAnswers, RecordingHttp};
use crate::raw_log::recording;
use crate::session::Session;
use crate::{EventSink, McpFailure, Result};

/// What to connect to.
pub struct ConnectTarget {
    pub server_id: String,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    /// A client registered out of band; its secret is needed again for every refresh.
    pub oauth_client_id: Option<String>,
    pub oauth_client_secret: Option<Sensitive<String>>,
}

/// A live session, or the server's request to log in first.
pub enum Connected {
    Session(Box<Session>),
    LoginRequired {
        challenge: Option<String>,
        /// Why the stored login could not be used, when there was one (its renewal failed).
        reason: Option<String>,
    },
}

/// How to open a session: the newest version both sides speak (2026-07-28 discovery, falling
/// back to the 2025-11-25 `initialize`), or only the version the server is pinned to.
pub fn lifecycle_for(pinned: Option<&str>) -> ClientLifecycleMode {
    match pinned {
        // `initialize` asks for 2025-11-25 (the handler's version, see `connect_pinned`).
        Some("2025-11-25") => ClientLifecycleMode::Initialize,
        Some("2026-07-28") => ClientLifecycleMode::Discover {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28],
        },
        _ => ClientLifecycleMode::Auto {
            preferred_versions: vec![ProtocolVersion::V_2026_07_28, ProtocolVersion::V_2025_11_25],
            legacy_version: Some(ProtocolVersion::V_2025_11_25),
        },
    }
}

/// Connects; a 401 becomes [`Connected::LoginRequired`] carrying the server's challenge.
/// Whatever the server asks (elicitation, sampling) is declined: see [`connect_with`].
pub async fn connect(
    secrets: &SharedSecrets,
    target: ConnectTarget,
    events: Arc<dyn EventSink>,
) -> Result<Connected> {
    connect_with(secrets, target, events, ClientSide::default()).await
}

/// As [`connect`], with what the server asks answered by `side.responder` and `roots/list`
/// answered with `side.roots`, negotiating the newest version both sides speak.
pub async fn connect_with(
    secrets: &SharedSecrets,
    target: ConnectTarget,
    events: Arc<dyn EventSink>,
    side: ClientSide,
) -> Result<Connected> {
    connect_pinned(secrets, target, lifecycle_for(None), events, side).await
}

/// As [`connect_with`], opening the session as `lifecycle` says (see [`lifecycle_for`]).
pub async fn connect_pinned(
    secrets: &SharedSecrets,
    target: ConnectTarget,
    lifecycle: ClientLifecycleMode,
    events: Arc<dyn EventSink>,
    side: ClientSide,
) -> Result<Connected> {
    match open(
        secrets,
        &target,
        events.clone(),
        side.clone(),
        Handshake::Lifecycle(lifecycle),
    )
    .await?
    {
        Opened::Connected(connected) => Ok(connected),
        // A server that answers `server/discover` with something other than a discovery result
        // (lax 2025-11-25 servers answer every method they do not know with an empty result) is
        // spoken to with `initialize` alone.
        Opened::DiscoveryNotUnderstood => {
            tracing::info!("the server did not understand server/discover; using initialize");
            match open(secrets, &target, events, side, Handshake::Initialize).await? {
                Opened::Connected(connected) => Ok(connected),
                Opened::DiscoveryNotUnderstood => {
                    Err(McpFailure::Network(gatehouse_auth::Unreachable::new(
                        gatehouse_auth::UnreachableKind::NotMcp,
                        Some(&target.url),
                    )))
                }
            }
        }
    }
}

/// How a session starts: as the lifecycle says (negotiated, or pinned to one version), or with the
/// 2025-11-25 `initialize` handshake alone.
enum Handshake {
    Lifecycle(ClientLifecycleMode),
    Initialize,
}

enum Opened {
    Connected(Connected),
    DiscoveryNotUnderstood,
}

async fn open(
    secrets: &SharedSecrets,
    target: &ConnectTarget,
    events: Arc<dyn EventSink>,
    side: ClientSide,
    handshake: Handshake,
) -> Result<Opened> {
    let key = server_key(&target.url);
    let mut credentials = KeychainCredentialStore::new(secrets.clone(), &key);
    let has_tokens = match credentials.load().await {
        Ok(stored) => stored.is_some_and(|c| c.token_response.is_some()),
        Err(e) => {
            // Without a keychain there can be no login, but a server that needs none still works;
            // a login attempt reports the keychain problem.
            tracing::warn!(error = %e, "keychain unavailable; connecting without stored credentials");
            credentials = KeychainCredentialStore::new(
                Arc::new(gatehouse_auth::MemorySecretStore::new()),
                &key,
            );
            false
        }
    };

    // Refreshes go to the login timeline.
    let mut manager = timeline::manager(&target.url, timeline::Purpose::Session)
        .await
        .map_err(McpFailure::Auth)?;
    manager.set_credential_store(credentials);
    manager.set_state_store(KeychainStateStore::new(secrets.clone()));
    let mut authenticated = false;
    if has_tokens {
        // Needs the authorization server's metadata to refresh; a server that no longer
        // publishes it is treated as asking for a new login.
        // Where the login found the metadata, and its client's secret, come back with it.
        match gatehouse_auth::login::initialize_from_store(secrets, &target.url, &mut manager).await
        {
            Ok(found) => authenticated = found,
            Err(e) => tracing::warn!(error = %e, "stored login unusable; connecting without it"),
        }
        if authenticated {
            restore_client_secret(&mut manager, target).await;
        }
    }

    let mut custom_headers = HashMap::new();
    for (name, value) in &target.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            McpFailure::InvalidInput(format!("“{name}” is not a valid header name"))
        })?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            McpFailure::InvalidInput(format!("the value of header “{name}” is not valid"))
        })?;
        custom_headers.insert(name, value);
    }
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .user_agent(concat!("Gatehouse/", env!("CARGO_PKG_VERSION")))
        .redirect(same_origin_redirects())
        .build()
        .map_err(|e| McpFailure::Network(Unreachable::from_error(&e, Some(&target.url))))?;
    let config = StreamableHttpClientTransportConfig::with_uri(target.url.as_str())
        .custom_headers(custom_headers);
    let raw = RawAnswers::default();
    let transport = StreamableHttpClientTransport::with_client(
        RecordingHttp::new(AuthClient::new(http, manager), raw.clone()),
        config,
    );

    let progress: ProgressRoutes = Default::default();
    let mut handler = ExplorerHandler::new(
        target.server_id.clone(),
        events.clone(),
        progress.clone(),
        side,
    );
    // Every message the server sends on its own, and each one Gatehouse sends back, goes to the
    // raw view as it passed the wire.
    let transport = recording(transport, handler.batch().raw().clone());
    let lifecycle = match handshake {
        Handshake::Lifecycle(mode) => mode,
        Handshake::Initialize => {
            handler = handler.offering(ProtocolVersion::V_2025_11_25);
            ClientLifecycleMode::Initialize
        }
    };
    // Only a negotiated handshake falls back to `initialize`: a pinned version is kept.
    let may_fall_back = matches!(lifecycle, ClientLifecycleMode::Auto { .. });
    let timeout_secs = target.timeout.as_secs();
    let running = match tokio::time::timeout(
        target.timeout,
        handler.serve_with_lifecycle(transport, lifecycle),
    )
    .await
    {
        Err(_) => return Err(McpFailure::Timeout(timeout_secs)),
        Ok(Ok(running)) => running,
        Ok(Err(ClientInitializeError::ExpectedInitResult(Some(_)))) if may_fall_back => {
            return Ok(Opened::DiscoveryNotUnderstood);
        }
        Ok(Err(error)) => {
            if let Some(challenge) = error.auth_challenge() {
                let failure = McpFailure::from_transport_text(String::new(), Some(&error));
                return match failure {
                    McpFailure::InsufficientScope { .. } => Err(failure),
                    _ => Ok(Opened::Connected(Connected::LoginRequired {
                        challenge: Some(challenge.to_string()),
                        reason: None,
                    })),
                };
            }
            if error.is_authorization_required() {
                return Ok(Opened::Connected(Connected::LoginRequired {
                    challenge: None,
                    reason: None,
                }));
            }
            // A stored login whose renewal failed, for whatever reason, is offered again.
            if let McpFailure::RenewalFailed(reason) =
                McpFailure::from_transport_text(String::new(), Some(&error))
            {
                return Ok(Opened::Connected(Connected::LoginRequired {
                    challenge: None,
                    reason: Some(reason),
                }));
            }
            return Err(McpFailure::Network(Unreachable::from_error(
                &error,
                Some(&target.url),
            )));
        }
    };
    Ok(Opened::Connected(Connected::Session(Box::new(
        Session::new(
            target.server_id.clone(),
            running,
            progress,
            target.timeout,
            authenticated,
            events,
        )
        .with_raw_answers(raw),
    ))))
}

/// rmcp restores a stored login with its client id only; a pre-registered confidential client
/// needs its secret back, or every refresh is refused (`invalid_client`).
async fn restore_client_secret(manager: &mut AuthorizationManager, target: &ConnectTarget) {
    let (Some(client_id), Some(secret)) = (&target.oauth_client_id, &target.oauth_client_secret)
    else {
        return;
    };
    match manager.get_credentials().await {
        Ok((stored_id, _)) if stored_id == *client_id => {
            let config = OAuthClientConfig::new(client_id.clone(), APP_REDIRECT_URI)
                .with_client_secret(secret.expose().clone());
            if let Err(e) = manager.configure_client(config) {
                tracing::warn!(error = %e, "could not restore the client secret");
            }
        }
        // The login was made with another client (a registration): its tokens are not ours to
        // authenticate with this secret.
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not read the stored client"),
    }
}

/// Redirects within the server's origin only, and only those that keep the request (307, 308):
/// the profile's secret headers, the session id and the JSON-RPC body must never reach another
/// host. Anything else is handed back as the redirect response.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    const MAX_REDIRECTS: usize = 10;
    reqwest::redirect::Policy::custom(|attempt| {
        let keeps_request = matches!(
            attempt.status(),
            reqwest::StatusCode::TEMPORARY_REDIRECT | reqwest::StatusCode::PERMANENT_REDIRECT
        );
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if !keeps_request || !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else {
            attempt.follow()
        }
    })
}

/// Why a renewal failed, in words, from rmcp's error.
pub(crate) fn describe_renewal_failure(error: &AuthError) -> Option<String> {
    match error {
        AuthError::TokenRefreshFailed(text) => Some(describe_refresh_text(text)),
        _ => None,
    }
}

/// rmcp's text for a failed refresh after its "OAuth token refresh failed: " marker, as some
/// paths (the first request of a session) carry the error only as text. `None` when the text
/// is about something else.
pub(crate) fn renewal_failure_in_text(text: &str) -> Option<String> {
    const MARKER: &str = "OAuth token refresh failed: ";
    let rest = &text[text.find(MARKER)? + MARKER.len()..];
    // rmcp appends what it was doing (", when send discover request").
    let rest = rest.split(", when ").next().unwrap_or(rest);
    Some(describe_refresh_text(rest))
}

fn describe_refresh_text(text: &str) -> String {
    match text.strip_prefix("Server returned error response: ") {
        Some(answer) => format!("the authorization server answered “{answer}”"),
        None => format!("the authorization server could not be reached ({text})"),
    }
}
