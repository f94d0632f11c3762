use std::time::Duration;

use gatehouse_auth::callback::parse_callback_query;
use gatehouse_auth::login::{LoginOptions, RedirectPreference, PENDING_LOGIN_TTL_SECS};
use gatehouse_auth::{complete_login, start_login, AuthFailure};
use gatehouse_mcp::{connect, ConnectTarget, Connected, NoEvents};

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
    let callback = tokio::time::timeout(
        Duration::from_secs(PENDING_LOGIN_TTL_SECS),
        receiver.receive(&started.state),
    )
    .await
    .map_err(|_| {
        AuthFailure::Other("the login was not finished in time; run the command again".into())
    })??;
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
