//! Logins from the explorer's side: start one for a saved server, wait for the browser (a deep
//! link, or the loopback listener the explorer serves itself), and route every ending to the
//! server the login belongs to, exactly once: tokens stored, a refusal or a failed exchange
//! (`LoginFinished` with the error), a cancel (nothing to tell), or a wait that runs out
//! (`LoginFinished` saying what probably happened). A link that belongs to no waiting login is
//! `LinkRejected` and changes nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::login::{FinishedLogin, LoginOptions, RedirectPreference, StartedLogin};
use gatehouse_auth::server_key::server_key;
use gatehouse_auth::{AppLink, AuthFailure, LoopbackReceiver};
use gatehouse_ipc::{AppEvent, IpcError};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;
use url::Url;

use crate::{Explorer, McpFailure, Result};

/// How long a login waits for the browser. A user whom the organisation's Access policy refuses
/// sees Access's own block page and never comes back: the wait has to end by itself. It is
/// shorter than the keychain's limit on a pending login (15 minutes) and long enough for a
/// one-time PIN sent by email.
pub const LOGIN_WAIT: Duration = Duration::from_secs(10 * 60);

struct Waiting {
    state: String,
    stop: CancellationToken,
}

/// The login each server waits for (one at a time: a new one replaces the old).
#[derive(Default)]
pub(crate) struct WaitingLogins(Mutex<HashMap<String, Waiting>>);

impl WaitingLogins {
    /// Stops waiting for `id`'s login; with `state`, only if it is still that login.
    async fn end(&self, id: &str, state: Option<&str>) -> Option<String> {
        let mut waiting = self.0.lock().await;
        if state.is_some_and(|s| waiting.get(id).is_none_or(|w| w.state != s)) {
            return None;
        }
        let ended = waiting.remove(id)?;
        ended.stop.cancel();
        Some(ended.state)
    }
}

impl Explorer {
    /// Begins a login to the server; the browser must be sent to the returned URL. The outcome
    /// arrives as `LoginFinished` for this server.
    pub async fn start_login(
        self: &Arc<Self>,
        id: &str,
        redirect: RedirectPreference,
    ) -> Result<StartedLogin> {
        let profile = self.profile(id).await?;
        let url = Url::parse(&profile.url)
            .map_err(|_| McpFailure::InvalidInput("the saved URL is not valid".into()))?;
        let challenge = self.challenges.lock().await.get(id).cloned();
        let options = LoginOptions {
            server_url: url,
            challenge,
            client_id: profile.oauth_client_id.clone(),
            client_secret: self.client_secret(&profile).await?,
            client_metadata_url: gatehouse_auth::client_metadata::client_metadata_url_setting(
                &self.settings_dir,
            ),
            redirect,
            owner: Some(id.to_string()),
        };
        let mut started = gatehouse_auth::start_login(&self.secrets, options).await?;

        let stop = CancellationToken::new();
        let replaced = self.logins.0.lock().await.insert(
            id.to_string(),
            Waiting {
                state: started.state.clone(),
                stop: stop.clone(),
            },
        );
        if let Some(old) = replaced {
            old.stop.cancel();
            self.forget_login(&old.state).await;
        }
        let wait = Arc::clone(self).wait_for_browser(
            id.to_string(),
            started.state.clone(),
            stop,
            started.loopback.take(),
        );
        tokio::spawn(wait);
        Ok(started)
    }

    /// Gives up the server's waiting login, if any: a link that arrives for it later is refused.
    pub async fn cancel_login(&self, id: &str) -> Result<()> {
        if let Some(state) = self.logins.end(id, None).await {
            gatehouse_auth::cancel_login(&self.secrets, &state).await?;
        }
        Ok(())
    }

    async fn forget_login(&self, state: &str) {
        if let Err(e) = gatehouse_auth::cancel_login(&self.secrets, state).await {
            tracing::warn!(error = %e, "could not forget an abandoned login");
        }
    }

    /// Forgets logins abandoned in an earlier run (the app calls this as it starts).
    pub async fn forget_expired_logins(&self) {
        if let Err(e) = gatehouse_auth::login::forget_expired(&self.secrets).await {
            tracing::warn!(error = %e, "could not forget expired logins");
        }
    }

    /// Waits for the login's callback on the loopback listener, if it has one, until the login
    /// ends another way or the wait runs out.
    async fn wait_for_browser(
        self: Arc<Self>,
        id: String,
        state: String,
        stop: CancellationToken,
        loopback: Option<LoopbackReceiver>,
    ) {
        let callback = async {
            match loopback {
                Some(receiver) => receiver.receive(&state).await,
                None => std::future::pending().await,
            }
        };
        let minutes = self.login_wait.as_secs().div_ceil(60);
        let failure = tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(self.login_wait) => AuthFailure::LoginTimedOut(minutes),
            callback = callback => match callback {
                Ok(url) => {
                    let _ = self.handle_loopback_callback(&url).await;
                    return;
                }
                Err(failure) => failure,
            },
        };
        if self.logins.end(&id, Some(&state)).await.is_some() {
            self.forget_login(&state).await;
            self.events.emit(AppEvent::LoginFinished {
                server_id: id,
                error: Some(failure.into()),
            });
        }
    }

    /// Finishes a login from a link handed to the app. Emits `LoginFinished` or `LinkRejected`;
    /// a rejected link changes nothing.
    pub async fn handle_link(&self, link: &str) -> std::result::Result<String, IpcError> {
        let outcome = async {
            let AppLink::OAuthCallback(params) = AppLink::parse(link)?;
            gatehouse_auth::complete_login(&self.secrets, params).await
        }
        .await;
        self.finish_login(outcome).await
    }

    /// Finishes a login from a callback URL received on a loopback listener.
    pub async fn handle_loopback_callback(
        &self,
        url: &Url,
    ) -> std::result::Result<String, IpcError> {
        let outcome = async {
            let params = gatehouse_auth::callback::parse_callback_query(url)?;
            gatehouse_auth::complete_login(&self.secrets, params).await
        }
        .await;
        self.finish_login(outcome).await
    }

    /// The saved servers that share `url`'s login (one keychain entry per URL).
    async fn servers_of(&self, url: &Url) -> Vec<String> {
        let key = server_key(url);
        self.servers()
            .await
            .unwrap_or_default()
            .into_iter()
            .filter(|p| Url::parse(&p.url).is_ok_and(|u| server_key(&u) == key))
            .map(|p| p.id)
            .collect()
    }

    async fn finish_login(
        &self,
        outcome: std::result::Result<FinishedLogin, AuthFailure>,
    ) -> std::result::Result<String, IpcError> {
        let finished = match outcome {
            Ok(finished) => finished,
            Err(failure) => {
                // No waiting login owns this link: it is nobody's outcome.
                let error: IpcError = failure.into();
                self.events.emit(AppEvent::LinkRejected {
                    error: error.clone(),
                });
                return Err(error);
            }
        };
        if let Some(owner) = &finished.owner {
            self.logins.end(owner, Some(&finished.state)).await;
        }
        let sharing = self.servers_of(&finished.server_url).await;
        // The server the login was started for, or (a login kept by an older version, which
        // named no owner) the servers with its URL.
        let owners: Vec<String> = match &finished.owner {
            Some(owner) => vec![owner.clone()],
            None => sharing.clone(),
        };
        if let Err(failure) = finished.result {
            let error: IpcError = failure.into();
            for id in &owners {
                self.events.emit(AppEvent::LoginFinished {
                    server_id: id.clone(),
                    error: Some(error.clone()),
                });
            }
            if owners.is_empty() {
                self.events.emit(AppEvent::LinkRejected {
                    error: error.clone(),
                });
            }
            return Err(error);
        }
        // Every server with this URL shares the new tokens: sessions holding the old ones end,
        // connects in flight with them are void, and each page is told once.
        let mut told = Vec::new();
        for id in owners.iter().chain(&sharing) {
            if told.contains(id) {
                continue;
            }
            self.challenges.lock().await.remove(id);
            self.invalidate(id).await;
            self.events.emit(AppEvent::LoginFinished {
                server_id: id.clone(),
                error: None,
            });
            told.push(id.clone());
        }
        Ok(told
            .into_iter()
            .next()
            .unwrap_or_else(|| finished.server_url.to_string()))
    }
}
