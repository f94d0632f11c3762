//! What a user is told when a server cannot be reached: a refused connection, a name that does
//! not exist, a certificate that cannot be trusted. Real connections, no stand-in errors: the
//! wording must name what happened and where, never a library's type names or phrasing.

use std::sync::Arc;
use std::time::Duration;

use gatehouse_auth::plain_words::assert_plain;
use gatehouse_auth::UnreachableKind;
use gatehouse_ipc::IpcError;
use gatehouse_mcp::{connect, ConnectTarget, Connected, McpFailure, NoEvents};
use tokio_rustls::rustls;
use url::Url;

async fn failure(url: &str) -> McpFailure {
    let secrets: gatehouse_auth::secrets::SharedSecrets =
        Arc::new(gatehouse_auth::MemorySecretStore::new());
    let target = ConnectTarget {
        server_id: "s".into(),
        url: Url::parse(url).expect("url"),
        headers: Vec::new(),
        timeout: Duration::from_secs(20),
        oauth_client_id: None,
        oauth_client_secret: None,
    };
    match connect(&secrets, target, Arc::new(NoEvents)).await {
        Err(failure) => failure,
        Ok(Connected::Session(_)) => panic!("connected to {url}"),
        Ok(Connected::LoginRequired { .. }) => panic!("{url} asked for a login"),
    }
}

/// The failure as the window shows it (message and fix), checked for plain words.
fn shown(failure: McpFailure) -> String {
    let error = IpcError::from(failure);
    assert_plain(&error.message);
    let fix = error.fix.unwrap_or_default();
    assert_plain(&fix);
    format!("{} {fix}", error.message)
}

fn kind(failure: &McpFailure) -> Option<UnreachableKind> {
    match failure {
        McpFailure::Network(u) => Some(u.kind()),
        _ => None,
    }
}

#[tokio::test]
async fn a_refused_connection_names_the_address() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let failure = failure(&format!("http://127.0.0.1:{port}/mcp")).await;
    assert_eq!(
        kind(&failure),
        Some(UnreachableKind::Refused),
        "{failure:?}"
    );
    let text = shown(failure);
    assert!(
        text.contains(&format!("the connection to 127.0.0.1:{port} was refused")),
        "{text}"
    );
}

#[tokio::test]
async fn a_name_that_does_not_exist_is_named() {
    let failure = failure("https://gatehouse-test-no-such-host.invalid/mcp").await;
    assert_eq!(
        kind(&failure),
        Some(UnreachableKind::NameNotFound),
        "{failure:?}"
    );
    let text = shown(failure);
    assert!(
        text.contains("“gatehouse-test-no-such-host.invalid” was not found"),
        "{text}"
    );
}

#[tokio::test]
async fn an_untrusted_certificate_is_named() {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../tests/e2e/fixtures");
    let cert = CertificateDer::from_pem_file(format!("{fixtures}/self-signed.pem")).unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{fixtures}/self-signed.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(vec![cert], key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            // The client gives up during the handshake; nothing is served.
            tokio::spawn(async move {
                let _ = acceptor.accept(stream).await;
            });
        }
    });
    let failure = failure(&format!("https://127.0.0.1:{port}/mcp")).await;
    assert_eq!(
        kind(&failure),
        Some(UnreachableKind::CertificateUntrusted),
        "{failure:?}"
    );
    let text = shown(failure);
    assert!(
        text.contains("the TLS certificate of 127.0.0.1 is not trusted"),
        "{text}"
    );
}
