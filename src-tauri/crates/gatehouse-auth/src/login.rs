//! An OAuth login from the first click to tokens in the keychain.
//!
//! [`start_login`] discovers the authorization server, registers Gatehouse (or reuses a
//! registration or a pre-registered client), and returns the URL to open in the browser. The PKCE
//! verifier and state go to the keychain together with what is needed to finish, so
//! [`complete_login`] works from the deep link alone — also in a fresh instance of the app.

use rmcp::transport::auth::{
    AuthorizationManager, AuthorizationMetadata, AuthorizationRequest, AuthorizationSession,
    CredentialStore, OAuthClientConfig, WWWAuthenticateParams,
};

use crate::timeline::{self, Purpose};
use url::Url;

use crate::client_metadata::{self, DEFAULT_CLIENT_METADATA_URL};
use crate::loopback::LoopbackReceiver;
use crate::pending::{self, now_secs, PendingLogin};
use crate::registration::{self, Registration};
use crate::secrets::SharedSecrets;
use crate::server_key::{is_loopback, server_key};
use crate::{
    AuthFailure, CallbackParams, KeychainCredentialStore, KeychainStateStore, Result, Sensitive,
    APP_REDIRECT_URI, CLIENT_NAME,
};

pub use crate::pending::{forget_expired, PENDING_LOGIN_TTL_SECS};

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
    /// Gatehouse's Client ID Metadata Document URL (see [`crate::client_metadata`]), used when the
    /// authorization server supports such documents; `None` registers dynamically everywhere.
    pub client_metadata_url: Option<String>,
    pub redirect: RedirectPreference,
    /// Whom the login is for (the app's server id); handed back with its outcome.
    pub owner: Option<String>,
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

/// How a login whose state was known ended.
#[derive(Debug)]
pub struct FinishedLogin {
    pub server_url: Url,
    /// The login's `state`.
    pub state: String,
    /// [`LoginOptions::owner`] of the login.
    pub owner: Option<String>,
    /// Tokens stored, or why not (refused in the browser, the exchange failed, …).
    pub result: Result<()>,
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
    let mut manager = timeline::manager(url, Purpose::Login).await?;
    manager.set_credential_store(KeychainCredentialStore::new(
        secrets.clone(),
        &server_key(url),
    ));
    manager.set_state_store(KeychainStateStore::new(secrets.clone()));
    Ok(manager)
}

/// How Gatehouse names itself to the authorization server for one login.
enum Client {
    /// Registered out of band (the settings) or dynamically (now, or by an earlier login).
    Registered {
        id: String,
        secret: Option<String>,
        auth_method: Option<String>,
        /// A dynamic registration: reused by later logins once this one completes.
        reusable: bool,
    },
    /// Its Client ID Metadata Document's URL, where the server supports such documents.
    MetadataDocument(String),
}

impl Client {
    fn id(&self) -> &str {
        match self {
            Self::Registered { id, .. } | Self::MetadataDocument(id) => id,
        }
    }
}

/// A client metadata document URL must be https with a path (SEP-991).
fn usable_document_url(url: &str) -> bool {
    Url::parse(url)
        .is_ok_and(|u| u.scheme() == "https" && u.host_str().is_some() && u.path() != "/")
}

/// The client for a login, in the order the MCP specification gives: pre-registered, then (an
/// earlier dynamic registration for this redirect, then) a client metadata document where the
/// authorization server supports them, then dynamic registration as it asks.
async fn choose_client(
    options: &LoginOptions,
    reusable: Option<&Registration>,
    metadata: &AuthorizationMetadata,
    redirect_uri: &str,
    scopes: &[String],
) -> Result<Client> {
    if let Some(client_id) = &options.client_id {
        return Ok(Client::Registered {
            id: client_id.clone(),
            secret: options.client_secret.as_ref().map(|s| s.expose().clone()),
            auth_method: None,
            reusable: false,
        });
    }
    if let Some(registration) = reusable.filter(|r| {
        r.reusable
            && (r.redirect_uri == redirect_uri
                || (is_loopback_redirect(&r.redirect_uri) && is_loopback_redirect(redirect_uri)))
    }) {
        return Ok(Client::Registered {
            id: registration.client_id.clone(),
            secret: registration.client_secret.clone(),
            auth_method: registration.auth_method.clone(),
            reusable: true,
        });
    }
    let documents_supported = metadata
        .additional_fields
        .get("client_id_metadata_document_supported")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if let Some(url) = options
        .client_metadata_url
        .as_deref()
        .filter(|_| documents_supported)
    {
        if !usable_document_url(url) {
            tracing::warn!(%url, "the client metadata document URL setting is not an https URL with a path; registering instead");
        } else if url != DEFAULT_CLIENT_METADATA_URL || client_metadata::is_published(url).await {
            return Ok(Client::MetadataDocument(url.to_string()));
        }
    }
    let registered =
        registration::register(&options.server_url, metadata, redirect_uri, scopes).await?;
    Ok(Client::Registered {
        id: registered.client_id,
        secret: registered.client_secret,
        auth_method: registered.auth_method,
        reusable: true,
    })
}

/// After a 403 `insufficient_scope`, the scopes to ask for: those the login already holds and
/// those the challenge names (SEP-2350). Empty otherwise: the scopes are then chosen from the
/// challenge and the metadata.
async fn step_up_scopes(secrets: &SharedSecrets, options: &LoginOptions) -> Vec<String> {
    let Some(challenge) = &options.challenge else {
        return Vec::new();
    };
    let params = WWWAuthenticateParams::parse(challenge, &options.server_url);
    let insufficient = params.is_insufficient_scope();
    let Some(scope) = params.scope.filter(|_| insufficient) else {
        return Vec::new();
    };
    let store = KeychainCredentialStore::new(secrets.clone(), &server_key(&options.server_url));
    let granted = match store.load().await {
        Ok(Some(credentials)) => credentials.granted_scopes,
        _ => Vec::new(),
    };
    let mut scopes: Vec<String> = Vec::new();
    for scope in granted
        .iter()
        .map(String::as_str)
        .chain(scope.split_whitespace())
    {
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_string());
        }
    }
    scopes
}

/// Begins a login; open `authorization_url` in the browser, then hand the callback to
/// [`complete_login`].
pub async fn start_login(secrets: &SharedSecrets, options: LoginOptions) -> Result<StartedLogin> {
    timeline::login_started(&options.server_url, options.challenge.as_deref());
    let reusable = registration::load(secrets, &options.server_url).await?;
    let mut manager = manager_for(secrets, &options.server_url).await?;
    // Discovery starts from the challenge: its resource_metadata may name a custom path.
    let metadata = manager
        .resolve_metadata_from_challenge(options.challenge.as_deref())
        .await
        .map_err(AuthFailure::from_rmcp)?
        .metadata;
    manager.set_metadata(metadata.clone());
    let scopes = step_up_scopes(secrets, &options).await;
    let registration_scopes = if scopes.is_empty() {
        manager.select_scopes(None, &[])
    } else {
        scopes.clone()
    };

    let mut loopback = match options.redirect {
        RedirectPreference::AppScheme => None,
        RedirectPreference::Loopback => Some(LoopbackReceiver::bind().await?),
    };
    let mut loopback_reason = loopback
        .as_ref()
        .map(|_| "the command line has no app link");
    let mut redirect_uri = loopback.as_ref().map_or(APP_REDIRECT_URI.to_string(), |l| {
        l.redirect_uri().to_string()
    });
    let chosen = choose_client(
        &options,
        reusable.as_ref(),
        &metadata,
        &redirect_uri,
        &registration_scopes,
    )
    .await;
    let client = match chosen {
        Ok(client) => client,
        // Some servers refuse private-use redirect URIs at registration: fall back to loopback
        // (RFC 8252 §7.3) without asking the user.
        Err(AuthFailure::Registration(reason)) if loopback.is_none() => {
            tracing::info!(%reason, "registration with the app's scheme refused; using a loopback redirect");
            let receiver = LoopbackReceiver::bind().await?;
            redirect_uri = receiver.redirect_uri().to_string();
            loopback = Some(receiver);
            loopback_reason = Some("the server refused the app link at registration");
            choose_client(
                &options,
                reusable.as_ref(),
                &metadata,
                &redirect_uri,
                &registration_scopes,
            )
            .await?
        }
        Err(e) => return Err(e),
    };

    let mut request = AuthorizationRequest::new(&redirect_uri)
        .with_client_name(CLIENT_NAME)
        .with_application_type("native");
    if !scopes.is_empty() {
        request = request.with_scopes(scopes);
    }
    request = match &client {
        Client::Registered { id, secret, .. } => {
            let request = request.with_preregistered_client(id.clone());
            match secret {
                Some(secret) => request.with_client_secret(secret.clone()),
                None => request,
            }
        }
        Client::MetadataDocument(url) => request.with_client_metadata_url(url.clone()),
    };
    let session = AuthorizationSession::new(manager, request)
        .await
        .map_err(|(_, e)| AuthFailure::from_rmcp(e))?;
    let authorization_url = session.get_authorization_url().to_string();
    let state = Url::parse(&authorization_url)
        .ok()
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "state")
                .map(|(_, v)| v.into_owned())
        })
        .ok_or_else(|| AuthFailure::Other("the authorization URL carries no state".into()))?;
    timeline::client_of(
        &options.server_url,
        &authorization_url,
        options.client_id.is_some(),
        reusable.as_ref().map(|r| r.client_id.as_str()),
    );
    timeline::authorization(&options.server_url, &authorization_url, loopback_reason).await;
    // rmcp has kept the PKCE verifier under the state: whatever fails from here forgets it.
    let kept = keep_pending(
        secrets,
        &options,
        &client,
        &authorization_url,
        &state,
        &redirect_uri,
    )
    .await;
    if let Err(failure) = kept {
        if let Err(e) = pending::forget(secrets, &state).await {
            tracing::warn!(error = %e, "could not forget a login that failed to start");
        }
        return Err(failure);
    }

    Ok(StartedLogin {
        authorization_url,
        redirect_uri,
        state,
        loopback,
    })
}

/// Checks the login address and keeps what finishing the login needs.
async fn keep_pending(
    secrets: &SharedSecrets,
    options: &LoginOptions,
    client: &Client,
    authorization_url: &str,
    state: &str,
    redirect_uri: &str,
) -> Result<()> {
    check_authorization_url(authorization_url)?;
    let (client_secret, auth_method, dynamic) = match client {
        Client::Registered {
            secret,
            auth_method,
            reusable,
            ..
        } => (secret.clone(), auth_method.clone(), *reusable),
        Client::MetadataDocument(_) => (None, None, false),
    };
    let pending = PendingLogin {
        server_url: options.server_url.to_string(),
        client_id: client.id().to_string(),
        client_secret,
        redirect_uri: redirect_uri.to_string(),
        created_at: now_secs(),
        owner: options.owner.clone(),
        dynamic,
        auth_method,
        challenge: options.challenge.clone(),
    };
    pending::remember(secrets, state, &pending).await?;
    Ok(())
}

/// Only a web page may be opened for a login: https, or http on this computer. The address comes
/// from the authorization server's metadata, which a hostile server writes as it likes.
fn check_authorization_url(raw: &str) -> Result<()> {
    let url = Url::parse(raw)
        .map_err(|_| AuthFailure::UnsafeLoginAddress("it is not a web address".into()))?;
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(AuthFailure::UnsafeLoginAddress(
            "it is a plain http page on another computer".into(),
        )),
        other => Err(AuthFailure::UnsafeLoginAddress(format!(
            "it is a “{other}:” address, not a web page"
        ))),
    }
}

/// Finishes a login from its callback: checks the state and issuer, exchanges the code (with the
/// PKCE verifier and the resource) and stores the tokens.
///
/// A callback whose state is unknown, used, expired or being finished already, or whose `iss`
/// names another authorization server, is an error and changes nothing. Once the state is known, the login ends here whatever happens: the outcome
/// is in [`FinishedLogin::result`], and what the login kept in the keychain is forgotten.
pub async fn complete_login(
    secrets: &SharedSecrets,
    callback: CallbackParams,
) -> Result<FinishedLogin> {
    let state = callback
        .state()
        .ok_or(AuthFailure::UnknownState)?
        .to_string();
    let _claim = pending::claim(&state).ok_or(AuthFailure::UnknownState)?;
    let pending = pending::load(secrets, &state)
        .await?
        .ok_or(AuthFailure::UnknownState)?;
    let server_url = Url::parse(&pending.server_url);
    let server_url = match server_url {
        Ok(url) if !pending.expired(now_secs()) => url,
        _ => {
            pending::forget(secrets, &state).await?;
            return Err(AuthFailure::UnknownState);
        }
    };
    let step = timeline::callback(&server_url, &callback);
    let result = exchange(secrets, &server_url, &pending, &state, callback).await;
    timeline::callback_done(&server_url, step, &result);
    if let Err(AuthFailure::IssuerMismatch) = result {
        // Sent by another authorization server (a mix-up, RFC 9207): checked before the code was
        // spent, it is no outcome of this login, which keeps waiting for its own callback.
        return Err(AuthFailure::IssuerMismatch);
    }
    if let Err(e) = pending::forget(secrets, &state).await {
        tracing::warn!(error = %e, "could not forget a finished login");
    }
    Ok(FinishedLogin {
        server_url,
        state,
        owner: pending.owner,
        result,
    })
}

async fn exchange(
    secrets: &SharedSecrets,
    server_url: &Url,
    pending: &PendingLogin,
    state: &str,
    callback: CallbackParams,
) -> Result<()> {
    let (code, issuer) = match callback {
        CallbackParams::Error {
            error, description, ..
        } => return Err(AuthFailure::Refused { error, description }),
        CallbackParams::Code { code, issuer, .. } => (code, issuer),
    };
    let mut manager = manager_for(secrets, server_url).await?;
    // The metadata is found where starting the login found it, and the client authenticates
    // as it registered.
    let mut metadata = manager
        .resolve_metadata_from_challenge(pending.challenge.as_deref())
        .await
        .map_err(AuthFailure::from_rmcp)?
        .metadata;
    registration::authenticate_as(&mut metadata, pending.auth_method.as_deref());
    manager.set_metadata(metadata);
    let mut client =
        OAuthClientConfig::new(pending.client_id.clone(), pending.redirect_uri.clone());
    if let Some(secret) = &pending.client_secret {
        client = client.with_client_secret(secret.clone());
    }
    manager
        .configure_client(client)
        .map_err(AuthFailure::from_rmcp)?;
    manager
        .exchange_code_for_token_with_issuer(&code, state, issuer.as_deref())
        .await
        .map_err(AuthFailure::from_rmcp)?;
    let registration = Registration {
        client_id: pending.client_id.clone(),
        redirect_uri: pending.redirect_uri.clone(),
        client_secret: pending.client_secret.clone(),
        auth_method: pending.auth_method.clone(),
        challenge: pending.challenge.clone(),
        reusable: pending.dynamic,
    };
    registration::save(secrets, server_url, &registration).await
}

/// Readies `manager` to use the stored login for `url`, as rmcp's `initialize_from_store` does,
/// with what rmcp does not keep: where the metadata was found (a `resource_metadata` at a custom
/// path), and the client's secret and token endpoint authentication, without which every
/// refresh is refused. `Ok(false)` when there is no stored login.
pub async fn initialize_from_store(
    secrets: &SharedSecrets,
    url: &Url,
    manager: &mut AuthorizationManager,
) -> Result<bool> {
    let record = registration::load(secrets, url).await?;
    if let Some(record) = record
        .as_ref()
        .filter(|r| r.challenge.is_some() || r.auth_method.is_some())
    {
        let mut metadata = manager
            .resolve_metadata_from_challenge(record.challenge.as_deref())
            .await
            .map_err(AuthFailure::from_rmcp)?
            .metadata;
        registration::authenticate_as(&mut metadata, record.auth_method.as_deref());
        manager.set_metadata(metadata);
    }
    if !manager
        .initialize_from_store()
        .await
        .map_err(AuthFailure::from_rmcp)?
    {
        return Ok(false);
    }
    if let Some(record) = record {
        let stored_id = manager
            .get_credentials()
            .await
            .map_err(AuthFailure::from_rmcp)?
            .0;
        if let (Some(secret), true) = (record.client_secret, stored_id == record.client_id) {
            let client = OAuthClientConfig::new(record.client_id, record.redirect_uri)
                .with_client_secret(secret);
            manager
                .configure_client(client)
                .map_err(AuthFailure::from_rmcp)?;
        }
    }
    Ok(true)
}

/// Gives up a waiting login: a link that arrives for it later changes nothing.
pub async fn cancel_login(secrets: &SharedSecrets, state: &str) -> Result<()> {
    pending::forget(secrets, state).await
}

#[cfg(test)]
mod tests {
    use super::check_authorization_url;

    #[test]
    fn only_web_pages_are_opened_for_a_login() {
        for ok in [
            "https://as.example/authorize?x=1",
            "http://127.0.0.1:8787/authorize",
            "http://localhost:9/authorize",
            "http://[::1]:9/authorize",
        ] {
            assert!(check_authorization_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "search-ms:query=x&crumb=location:%5C%5Cevil%5Cshare",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "smb://evil.example/share",
            "http://as.example/authorize",
            "not a url",
        ] {
            let refused = check_authorization_url(bad).expect_err(bad);
            assert!(matches!(refused, AuthFailure::UnsafeLoginAddress(_)));
        }
    }

    use crate::AuthFailure;
}
