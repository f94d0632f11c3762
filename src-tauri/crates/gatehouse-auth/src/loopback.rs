//! The loopback redirect (RFC 8252 §7.3) for servers that refuse the app's private-use scheme,
//! and for the CLI: a one-shot HTTP listener on 127.0.0.1 at a free port.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

use crate::{AuthFailure, Result};

const CALLBACK_PATH: &str = "/oauth/callback";
const PAGE_DONE: &str = "<!doctype html><meta charset=utf-8><title>Gatehouse</title>\
<body style=\"font:16px system-ui;margin:4em;text-align:center\"><h1>You can close this tab</h1>\
<p>Gatehouse received the login and is finishing it.</p>";

/// A listener waiting for the browser to come back.
pub struct LoopbackReceiver {
    listener: TcpListener,
    redirect_uri: String,
}

impl LoopbackReceiver {
    /// Binds 127.0.0.1 on a free port.
    pub async fn bind() -> Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| AuthFailure::Other(format!("could not listen on 127.0.0.1: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| AuthFailure::Other(format!("could not read the loopback port: {e}")))?
            .port();
        Ok(Self {
            listener,
            redirect_uri: format!("http://127.0.0.1:{port}{CALLBACK_PATH}"),
        })
    }

    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the callback request and returns its full URL. Other requests (favicon, probes)
    /// get a 404 and the wait goes on.
    pub async fn receive(self) -> Result<Url> {
        loop {
            let (mut stream, _) = self
                .listener
                .accept()
                .await
                .map_err(|e| AuthFailure::Other(format!("loopback listener failed: {e}")))?;
            let mut buf = vec![0u8; 16 * 1024];
            let mut len = 0;
            // Read until the end of the request head; a callback is a GET with no body.
            while len < buf.len() {
                match stream.read(&mut buf[len..]).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => len += n,
                }
                if buf[..len].windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            let head = String::from_utf8_lossy(&buf[..len]);
            let target = head
                .lines()
                .next()
                .and_then(|line| line.strip_prefix("GET "))
                .and_then(|rest| rest.split(' ').next())
                .unwrap_or_default()
                .to_string();
            if target.starts_with(CALLBACK_PATH) {
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PAGE_DONE}",
                    PAGE_DONE.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
                let base = Url::parse(&self.redirect_uri)
                    .map_err(|e| AuthFailure::Other(format!("bad loopback URI: {e}")))?;
                return base.join(&target).map_err(|_| {
                    AuthFailure::MalformedLink("the callback URL is not valid".into())
                });
            }
            let _ = stream
                .write_all(
                    b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hands_back_the_callback_url_and_ignores_other_requests() {
        let receiver = LoopbackReceiver::bind().await.unwrap();
        let redirect = receiver.redirect_uri().to_string();
        assert!(redirect.starts_with("http://127.0.0.1:"));
        let wait = tokio::spawn(receiver.receive());
        let base = redirect.trim_end_matches(CALLBACK_PATH).to_string();
        let client = reqwest::Client::new();
        let miss = client
            .get(format!("{base}/favicon.ico"))
            .send()
            .await
            .unwrap();
        assert_eq!(miss.status(), 404);
        let hit = client
            .get(format!("{redirect}?code=c&state=s"))
            .send()
            .await
            .unwrap();
        assert_eq!(hit.status(), 200);
        let url = wait.await.unwrap().unwrap();
        assert_eq!(url.query(), Some("code=c&state=s"));
    }
}
