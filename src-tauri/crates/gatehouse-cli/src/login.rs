use std::time::Duration;

use gatehouse_auth::callback::parse_callback_query;
use gatehouse_auth::login::{LoginOptions, RedirectPreference};
use gatehouse_auth::{complete_login, start_login, AuthFailure};
use gatehouse_mcp::{connect, ConnectTarget, Connected, NoEvents, LOGIN_WAIT};

use crate::args::ServerArgs;
use crate::exit::Failure;
use crate::tools::{parse_url, secrets};

pub async fn login(
    server: &ServerArgs,
    print_url: bool,
    client_id: Option<String>,
) -> Result<(), Failure> {
    let url = parse_url(&server.url)?;
    let secrets = secrets();
    // Ask the server first: its 401 challenge names the resource metadata and scopes.
    let target = ConnectTarget {
        server_id: "cli".into(),
        url: url.clone(),
        headers: Vec::new(),
        timeout: Duration::from_secs(server.timeout.max(1)),
        oauth_client_id: client_id.clone(),
        oauth_client_secret: None,
    };
    let challenge = match connect(&secrets, target, std::sync::Arc::new(NoEvents)).await {
        Ok(Connected::LoginRequired { challenge, .. }) => challenge,
        Ok(Connected::Session(session)) => {
            session.close().await;
            None
        }
        Err(_) => None,
    };
    let options = LoginOptions {
        server_url: url,
        challenge,
        client_id,
        client_secret: None,
        redirect: RedirectPreference::Loopback,
        owner: None,
    };
    let mut started = start_login(&secrets, options).await?;
    let receiver = started
        .loopback
        .take()
        .ok_or_else(|| AuthFailure::Other("no loopback listener".into()))?;
    if print_url {
        println!("{}", started.authorization_url);
    } else {
        eprintln!(
            "Opening your browser to log in. If it does not open, visit:\n{}",
            started.authorization_url
        );
        if open::that_detached(&started.authorization_url).is_err() {
            eprintln!("(could not open a browser)");
        }
    }
    // A user whom Access refuses sees its block page and never comes back: the wait ends by
    // itself, naming the likely cause, and the login is forgotten with it.
    let waited = tokio::time::timeout(LOGIN_WAIT, receiver.receive(&started.state)).await;
    let callback = match waited {
        Ok(Ok(callback)) => callback,
        ended => {
            if let Err(e) = gatehouse_auth::cancel_login(&secrets, &started.state).await {
                eprintln!("(could not forget the unfinished login: {e})");
            }
            return Err(match ended {
                Ok(Err(failure)) => failure,
                _ => AuthFailure::LoginTimedOut(LOGIN_WAIT.as_secs().div_ceil(60)),
            }
            .into());
        }
    };
    let params = parse_callback_query(&callback)?;
    let finished = complete_login(&secrets, params).await?;
    finished.result?;
    eprintln!("Logged in to {}.", finished.server_url);
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
