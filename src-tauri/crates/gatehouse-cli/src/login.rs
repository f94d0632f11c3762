use std::io::Read;
use std::time::Duration;

use gatehouse_auth::callback::parse_callback_query;
use gatehouse_auth::login::{LoginOptions, RedirectPreference};
use gatehouse_auth::secrets::SharedSecrets;
use gatehouse_auth::server_key::is_loopback;
use gatehouse_auth::{complete_login, start_login, AuthFailure, Sensitive};
use gatehouse_mcp::{connect, ConnectTarget, Connected, Explorer, NoEvents, LOGIN_WAIT};
use url::Url;

use crate::args::ServerArgs;
use crate::exit::Failure;
use crate::tools::{parse_url, secrets};

/// Where a pre-registered client's secret may come from besides standard input. Never an argument:
/// arguments show in the process list and in shell history.
pub const CLIENT_SECRET_ENV: &str = "GATEHOUSE_OAUTH_CLIENT_SECRET";

/// Where the authorization page is opened.
#[derive(Debug, Clone, Copy)]
pub enum Browser {
    /// The user's browser; with `print_url`, only the URL is printed (on stdout) for them to open.
    System { print_url: bool },
    /// No person: the page is fetched and its redirect followed to the loopback listener. For
    /// authorization servers that approve at once (the conformance suite's).
    Headless,
}

impl Browser {
    /// Opens the authorization page. The system browser returns at once; a headless visit returns
    /// once the authorization server's redirect has been handed to the loopback listener.
    async fn open(self, authorization_url: &str) -> Result<(), Failure> {
        match self {
            Self::System { print_url: true } => println!("{authorization_url}"),
            Self::System { print_url: false } => {
                eprintln!(
                    "Opening your browser to log in. If it does not open, visit:\n{authorization_url}"
                );
                if open::that_detached(authorization_url).is_err() {
                    eprintln!("(could not open a browser)");
                }
            }
            Self::Headless => visit_headless(authorization_url).await?,
        }
        Ok(())
    }
}

/// Fetches the authorization page without following its redirect, then delivers the redirect to
/// the loopback listener, as a browser would. Only a redirect to this computer is followed.
async fn visit_headless(authorization_url: &str) -> Result<(), Failure> {
    let unreachable = |e: reqwest::Error| AuthFailure::Network(e.without_url().to_string());
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(unreachable)?;
    let page = http
        .get(authorization_url)
        .send()
        .await
        .map_err(unreachable)?;
    let redirect = page
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .and_then(|l| Url::parse(authorization_url).ok()?.join(l).ok())
        .ok_or_else(|| {
            AuthFailure::Other(format!(
                "the authorization page answered {} without sending the browser back",
                page.status()
            ))
        })?;
    if !is_loopback(&redirect) {
        return Err(AuthFailure::Other(
            "the authorization page sent the browser elsewhere than back to this computer".into(),
        )
        .into());
    }
    http.get(redirect).send().await.map_err(unreachable)?;
    Ok(())
}

/// A client registered with the authorization server out of band.
#[derive(Clone, Default)]
pub struct PreRegistered {
    pub client_id: Option<String>,
    pub client_secret: Option<Sensitive<String>>,
}

/// The pre-registered client's secret: read from `stdin` when asked to, else from
/// [`CLIENT_SECRET_ENV`] (`env`). A trailing newline is not part of it.
pub fn client_secret(
    from_stdin: bool,
    stdin: impl Read,
    env: Option<String>,
) -> Result<Option<Sensitive<String>>, Failure> {
    let raw = if from_stdin {
        let mut text = String::new();
        stdin.take(64 * 1024).read_to_string(&mut text).map_err(|e| {
            Failure::usage(
                &format!("Could not read the client secret from standard input: {e}"),
                "Pipe the secret in, e.g. `gatehouse-cli login URL --client-id ID --client-secret-stdin < secret.txt`.",
            )
        })?;
        Some(text)
    } else {
        env
    };
    let secret = raw.map(|s| s.trim_end_matches(['\r', '\n']).to_string());
    match secret {
        Some(s) if s.is_empty() && from_stdin => Err(Failure::usage(
            "Standard input held no client secret.",
            "Pipe the secret in, or leave out --client-secret-stdin for a public client.",
        )),
        Some(s) if s.is_empty() => Ok(None),
        other => Ok(other.map(Sensitive::new)),
    }
}

/// Logs in to `url` through `browser` and stores the tokens in `secrets`. `challenge` is the
/// `WWW-Authenticate` value that asked for the login: it names the metadata and the scopes
/// (after a 403 `insufficient_scope`, the scopes the server now wants).
pub async fn log_in(
    secrets: &SharedSecrets,
    url: &Url,
    challenge: Option<String>,
    client: &PreRegistered,
    browser: Browser,
) -> Result<(), Failure> {
    let options = LoginOptions {
        server_url: url.clone(),
        challenge,
        client_id: client.client_id.clone(),
        client_secret: client.client_secret.clone(),
        client_metadata_url: gatehouse_auth::client_metadata::client_metadata_url_setting(
            &Explorer::default_dir(),
        ),
        redirect: RedirectPreference::Loopback,
        owner: None,
    };
    let mut started = start_login(secrets, options).await?;
    let receiver = started
        .loopback
        .take()
        .ok_or_else(|| AuthFailure::Other("no loopback listener".into()))?;
    // A user whom Access refuses sees its block page and never comes back: the wait ends by
    // itself, naming the likely cause, and the login is forgotten with it.
    let waited = tokio::time::timeout(LOGIN_WAIT, async {
        tokio::select! {
            received = receiver.receive(&started.state) => received.map_err(Failure::from),
            Err(failure) = browser.open(&started.authorization_url) => Err(failure),
        }
    })
    .await;
    let callback = match waited {
        Ok(Ok(callback)) => callback,
        ended => {
            if let Err(e) = gatehouse_auth::cancel_login(secrets, &started.state).await {
                eprintln!("(could not forget the unfinished login: {e})");
            }
            return Err(match ended {
                Ok(Err(failure)) => failure,
                _ => AuthFailure::LoginTimedOut(LOGIN_WAIT.as_secs().div_ceil(60)).into(),
            });
        }
    };
    let params = parse_callback_query(&callback)?;
    let finished = complete_login(secrets, params).await?;
    finished.result?;
    Ok(())
}

/// `gatehouse-cli login`: asks the server first (its 401 challenge names the resource metadata
/// and scopes), then logs in through the browser.
pub async fn login(
    server: &ServerArgs,
    print_url: bool,
    client_id: Option<String>,
    client_secret_stdin: bool,
) -> Result<(), Failure> {
    let url = parse_url(&server.url)?;
    let client_secret = match &client_id {
        Some(_) => client_secret(
            client_secret_stdin,
            std::io::stdin(),
            std::env::var(CLIENT_SECRET_ENV).ok(),
        )?,
        None => None,
    };
    let client = PreRegistered {
        client_id,
        client_secret,
    };
    let secrets = secrets();
    let target = ConnectTarget {
        server_id: "cli".into(),
        url: url.clone(),
        headers: Vec::new(),
        timeout: Duration::from_secs(server.timeout.max(1)),
        oauth_client_id: client.client_id.clone(),
        oauth_client_secret: client.client_secret.clone(),
    };
    let challenge = match connect(&secrets, target, std::sync::Arc::new(NoEvents)).await {
        Ok(Connected::LoginRequired { challenge, .. }) => challenge,
        Ok(Connected::Session(session)) => {
            session.close().await;
            None
        }
        Err(_) => None,
    };
    log_in(
        &secrets,
        &url,
        challenge,
        &client,
        Browser::System { print_url },
    )
    .await?;
    eprintln!("Logged in to {url}.");
    Ok(())
}

pub async fn logout(server: &ServerArgs) -> Result<(), Failure> {
    let url = parse_url(&server.url)?;
    let report = gatehouse_auth::logout(&secrets(), &url, None).await?;
    match (report.had_credentials, report.revoked) {
        (false, _) => eprintln!("There was no login to forget."),
        (true, true) => eprintln!("Logged out; the server revoked the tokens."),
        (true, false) => {
            eprintln!("Logged out; the tokens were forgotten (the server offers no revocation).")
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(from_stdin: bool, stdin: &str, env: Option<&str>) -> Option<String> {
        client_secret(from_stdin, stdin.as_bytes(), env.map(str::to_string))
            .unwrap_or_else(|f| panic!("{}", f.message))
            .map(|s| s.expose().clone())
    }

    #[test]
    fn the_client_secret_comes_from_stdin_or_the_environment() {
        assert_eq!(secret(true, "s3cret\n", None).as_deref(), Some("s3cret"));
        assert_eq!(
            secret(true, "s3cret\r\n", Some("env")).as_deref(),
            Some("s3cret")
        );
        assert_eq!(
            secret(false, "ignored", Some("from-env")).as_deref(),
            Some("from-env")
        );
        assert_eq!(secret(false, "ignored", None), None);
        assert_eq!(secret(false, "", Some("")), None);
        let Err(refused) = client_secret(true, "\n".as_bytes(), None) else {
            panic!("an empty standard input was taken as a secret");
        };
        assert_eq!(refused.exit_code(), crate::exit::code::USAGE);
    }

    #[test]
    fn the_secret_is_no_argument() {
        use clap::Parser;
        let parsed = crate::args::Cli::try_parse_from([
            "gatehouse-cli",
            "login",
            "https://mcp.example/mcp",
            "--client-id",
            "id",
            "--client-secret",
            "s3cret",
        ]);
        assert!(parsed.is_err(), "a secret on the command line was accepted");
        let parsed = crate::args::Cli::try_parse_from([
            "gatehouse-cli",
            "login",
            "https://mcp.example/mcp",
            "--client-secret-stdin",
        ]);
        assert!(
            parsed.is_err(),
            "--client-secret-stdin without --client-id was accepted"
        );
    }
}
