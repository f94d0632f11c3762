//! An OAuth login from the first click to tokens in the keychain.
//!
//! [`start_login`] discovers the authorization server, registers Gatehouse (or reuses a
//! registration or a pre-registered client), and returns the URL to open in the browser. The PKCE
//! verifier and state go to the keychain together with what is needed to finish, so
//! [`complete_login`] works from the deep link alone — also in a fresh instance of the app.

use std::time::{SystemTime, UNIX_EPOCH};

use rmcp::transport::auth::{
    AuthError, AuthorizationManager, AuthorizationRequest, OAuthClientConfig, OAuthState,
};
use serde::{Deserialize, Serialize};
use url::Url;

use crate::loopback::LoopbackReceiver;
use crate::secrets::{blocking, SharedSecrets};
use crate::server_key::server_key;
use crate::{
    AuthFailure, CallbackParams, KeychainCredentialStore, KeychainStateStore, Result, Sensitive,
    APP_REDIRECT_URI, CLIENT_NAME,
};

/// How long a started login may wait for its callback.
pub const PENDING_LOGIN_TTL_SECS: u64 = 15 * 60;

/// What to log in to, and how.
#[derive(Debug, Clone)]
pub struct LoginOptions {
    pub server_url: Url,
    /// The `WWW-Authenticate` value of the 401 or 403 that asked for the login; it names the
    /// resource metadata and the scopes wanted (step-up on `insufficient_scope`).
    pub challenge: Option<String>,
    /// A client registered with the authorization server out of band.
    pub client_id: Option<String>,
    pub client_secret: Option<Sensitive<String>>,
    pub redirect: RedirectPreference,
}

/// Where the browser should come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectPreference {
    /// The app's private-use scheme; a loopback listener when the server refuses it.
    AppScheme,
    /// A loopback listener (the CLI, which owns no URL scheme).
    Loopback,
}

/// A login waiting for the browser.
pub struct StartedLogin {
    pub authorization_url: String,
    pub redirect_uri: String,
    /// The `state` parameter that the callback must carry.
    pub state: String,
    /// Set when the callback arrives at a loopback listener rather than through the app's scheme.
    pub loopback: Option<LoopbackReceiver>,
}

impl std::fmt::Debug for StartedLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartedLogin")
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// Kept in the keychain while a login waits: it may hold a client secret.
#[derive(Serialize, Deserialize)]
struct PendingLogin {
    server_url: String,
    client_id: String,
    client_secret: Option<String>,
    redirect_uri: String,
    created_at: u64,
    /// Registered dynamically for this login: remembered for later logins once this one completes.
    #[serde(default)]
    dynamic: bool,
}

/// A dynamic registration, reused by later logins to the same server once a login through it has
/// completed. A server may let a registration that never completes a login expire (ours does
/// after an hour), so an abandoned or refused login's client id is never reused.
#[derive(Serialize, Deserialize)]
struct Registration {
    client_id: String,
    redirect_uri: String,
}

fn pending_key(state: &str) -> String {
    format!("oauth-login:{state}")
}

pub(crate) fn registration_key(server_key: &str) -> String {
    format!("oauth-client:{server_key}")
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn is_loopback_redirect(uri: &str) -> bool {
    uri.starts_with("http://127.0.0.1:")
        || uri.starts_with("http://localhost:")
        || uri.starts_with("http://[::1]:")
}

/// An authorization manager for `url` whose tokens and login state live in `secrets`.
pub(crate) async fn manager_for(
    secrets: &SharedSecrets,
    url: &Url,
) -> Result<AuthorizationManager> {
    let mut manager = AuthorizationManager::new(url.as_str())
        .await
        .map_err(AuthFailure::from_rmcp)?;
    manager.set_credential_store(KeychainCredentialStore::new(
        secrets.clone(),
        &server_key(url),
    ));
    manager.set_state_store(KeychainStateStore::new(secrets.clone()));
    Ok(manager)
}

/// Begins a login; open `authorization_url` in the browser, then hand the callback to
/// [`complete_login`].
pub async fn start_login(secrets: &SharedSecrets, options: LoginOptions) -> Result<StartedLogin> {
    let key = server_key(&options.server_url);
    let registration_key = registration_key(&key);
    let reusable: Option<Registration> = blocking(secrets, move |s| s.get(&registration_key))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok());

    let mut oauth = OAuthState::Unauthorized(manager_for(secrets, &options.server_url).await?);
    let mut loopback = match options.redirect {
        RedirectPreference::AppScheme => None,
        RedirectPreference::Loopback => Some(LoopbackReceiver::bind().await?),
    };

    let request = |redirect_uri: &str| {
        let mut request = AuthorizationRequest::new(redirect_uri)
            .with_client_name(CLIENT_NAME)
            .with_application_type("native");
        if let Some(challenge) = &options.challenge {
            request = request.with_challenge(challenge.clone());
        }
        if let Some(client_id) = &options.client_id {
            request = request.with_preregistered_client(client_id.clone());
            if let Some(secret) = &options.client_secret {
                request = request.with_client_secret(secret.expose().clone());
            }
        } else if let Some(registration) = reusable.as_ref().filter(|r| {
            r.redirect_uri == redirect_uri
                || (is_loopback_redirect(&r.redirect_uri) && is_loopback_redirect(redirect_uri))
        }) {
            request = request.with_preregistered_client(registration.client_id.clone());
        }
        request
    };

    let mut redirect_uri = loopback.as_ref().map_or(APP_REDIRECT_URI.to_string(), |l| {
        l.redirect_uri().to_string()
    });
    match oauth.start_authorization(request(&redirect_uri)).await {
        Ok(()) => {}
        // Some servers refuse private-use redirect URIs at registration: fall back to loopback
        // (RFC 8252 §7.3) without asking the user.
        Err(AuthError::RegistrationFailed(reason))
            if loopback.is_none() && options.client_id.is_none() =>
        {
            tracing::info!(%reason, "registration with the app's scheme refused; using a loopback redirect");
            let receiver = LoopbackReceiver::bind().await?;
            redirect_uri = receiver.redirect_uri().to_string();
            loopback = Some(receiver);
            oauth
                .start_authorization(request(&redirect_uri))
                .await
                .map_err(AuthFailure::from_rmcp)?;
        }
        Err(e) => return Err(AuthFailure::from_rmcp(e)),
    }

    let authorization_url = oauth
        .get_authorization_url()
        .await
        .map_err(AuthFailure::from_rmcp)?;
    let state = Url::parse(&authorization_url)
        .ok()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "state")
                .map(|(_, v)| v.into_owned())
        })
        .ok_or_else(|| AuthFailure::Other("the authorization URL carries no state".into()))?;
    let (client_id, _) = oauth
        .get_credentials()
        .await
        .map_err(AuthFailure::from_rmcp)?;

    let pending = PendingLogin {
        server_url: options.server_url.to_string(),
        client_id,
        client_secret: options.client_secret.as_ref().map(|s| s.expose().clone()),
        redirect_uri: redirect_uri.clone(),
        created_at: now_secs(),
        dynamic: options.client_id.is_none(),
    };
    let pending_json =
        serde_json::to_string(&pending).map_err(|e| AuthFailure::Other(e.to_string()))?;
    let pending_key = pending_key(&state);
    blocking(secrets, move |s| s.set(&pending_key, &pending_json)).await?;

    Ok(StartedLogin {
        authorization_url,
        redirect_uri,
        state,
        loopback,
    })
}

/// Finishes a login from its callback: checks the state and issuer, exchanges the code (with the
/// PKCE verifier and the resource) and stores the tokens. Returns the server logged in to.
///
/// A callback with an unknown or used state, a foreign issuer or an error changes nothing.
pub async fn complete_login(secrets: &SharedSecrets, callback: CallbackParams) -> Result<Url> {
    let state = callback
        .state()
        .ok_or(AuthFailure::UnknownState)?
        .to_string();
    let key = pending_key(&state);
    let pending: PendingLogin = blocking(secrets, move |s| s.get(&key))
        .await?
        .and_then(|json| serde_json::from_str(&json).ok())
        .ok_or(AuthFailure::UnknownState)?;
    if now_secs().saturating_sub(pending.created_at) > PENDING_LOGIN_TTL_SECS {
        forget_pending(secrets, &state).await?;
        return Err(AuthFailure::UnknownState);
    }
    let (code, issuer) = match callback {
        CallbackParams::Error {
            error, description, ..
        } => return Err(AuthFailure::Refused { error, description }),
        CallbackParams::Code { code, issuer, .. } => (code, issuer),
    };
    let server_url = Url::parse(&pending.server_url).map_err(|_| AuthFailure::UnknownState)?;

    let mut manager = manager_for(secrets, &server_url).await?;
    let resolution = manager
        .resolve_metadata()
        .await
        .map_err(AuthFailure::from_rmcp)?;
    manager.set_metadata(resolution.metadata);
    let mut client =
        OAuthClientConfig::new(pending.client_id.clone(), pending.redirect_uri.clone());
    if let Some(secret) = &pending.client_secret {
        client = client.with_client_secret(secret.clone());
    }
    manager
        .configure_client(client)
        .map_err(AuthFailure::from_rmcp)?;
    manager
        .exchange_code_for_token_with_issuer(&code, &state, issuer.as_deref())
        .await
        .map_err(AuthFailure::from_rmcp)?;
    if pending.dynamic {
        let registration = serde_json::to_string(&Registration {
            client_id: pending.client_id,
            redirect_uri: pending.redirect_uri,
        })
        .map_err(|e| AuthFailure::Other(e.to_string()))?;
        let key = registration_key(&server_key(&server_url));
        blocking(secrets, move |s| s.set(&key, &registration)).await?;
    }
    forget_pending(secrets, &state).await?;
    Ok(server_url)
}

async fn forget_pending(secrets: &SharedSecrets, state: &str) -> Result<()> {
    let (pending, pkce) = (pending_key(state), KeychainStateStore::key_for(state));
    blocking(secrets, move |s| {
        s.delete(&pending)?;
        s.delete(&pkce)
    })
    .await
}
