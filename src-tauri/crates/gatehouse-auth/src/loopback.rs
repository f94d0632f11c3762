//! The loopback redirect (RFC 8252 §7.3) for servers that refuse the app's private-use scheme,
//! and for the CLI: an HTTP listener on 127.0.0.1 at a free port.
//!
//! Browsers open speculative connections and local programs may probe the port, so every
//! connection is served on its own with a deadline, and only the callback carrying the login's
//! `state` ends the wait.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use url::Url;

use crate::{AuthFailure, Result};

const CALLBACK_PATH: &str = "/oauth/callback";
/// How long one connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const PAGE_DONE: &str = "<!doctype html><meta charset=utf-8><title>Gatehouse</title>\
<body style=\"font:16px system-ui;margin:4em;text-align:center\"><h1>You can close this tab</h1>\
<p>Gatehouse received the login and is finishing it.</p>";
const PAGE_OTHER: &str = "<!doctype html><meta charset=utf-8><title>Gatehouse</title>\
<body style=\"font:16px system-ui;margin:4em;text-align:center\"><h1>Not the login Gatehouse is waiting for</h1>\
<p>This page belongs to another or an older login. Start the login again from Gatehouse.</p>";

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

    /// Waits for the callback whose `state` is `state` and returns its full URL. Other requests
    /// (favicon, probes, another login's callback) are answered and the wait goes on; a
    /// connection that sends nothing is dropped after [`READ_TIMEOUT`] without holding up others.
    pub async fn receive(self, state: &str) -> Result<Url> {
        let base = Url::parse(&self.redirect_uri)
            .map_err(|e| AuthFailure::Other(format!("bad loopback URI: {e}")))?;
        let (found, mut callbacks) = mpsc::channel(1);
        loop {
            tokio::select! {
                Some(url) = callbacks.recv() => return Ok(url),
                accepted = self.listener.accept() => {
                    let (stream, _) = match accepted {
                        Ok(accepted) => accepted,
                        Err(e) => {
                            tracing::debug!(error = %e, "loopback accept failed");
                            continue;
                        }
                    };
                    let (found, base, state) = (found.clone(), base.clone(), state.to_string());
                    tokio::spawn(async move {
                        let served = serve(stream, &base, &state);
                        if let Ok(Some(url)) = tokio::time::timeout(READ_TIMEOUT, served).await {
                            let _ = found.send(url).await;
                        }
                    });
                }
            }
        }
    }
}

/// Answers one connection; returns the callback URL when it carries `state`.
async fn serve(mut stream: TcpStream, base: &Url, state: &str) -> Option<Url> {
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
        .unwrap_or_default();
    let url = base.join(target).ok();
    let is_callback = url.as_ref().is_some_and(|u| u.path() == CALLBACK_PATH);
    let ours = url.as_ref().is_some_and(|u| {
        u.query_pairs()
            .filter(|(k, _)| k == "state")
            .map(|(_, v)| v == state)
            .eq([true])
    });
    let (status, page) = match (is_callback, ours) {
        (true, true) => ("200 OK", PAGE_DONE),
        (true, false) => ("400 Bad Request", PAGE_OTHER),
        _ => ("404 Not Found", ""),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
        page.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    ours.then_some(url).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hands_back_the_callback_url_and_ignores_other_requests() {
        let receiver = LoopbackReceiver::bind().await.unwrap();
        let redirect = receiver.redirect_uri().to_string();
        assert!(redirect.starts_with("http://127.0.0.1:"));
        let wait = tokio::spawn(async move { receiver.receive("s").await });
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

    #[tokio::test]
    async fn a_silent_connection_does_not_hold_up_the_callback() {
        let receiver = LoopbackReceiver::bind().await.unwrap();
        let redirect = receiver.redirect_uri().to_string();
        let wait = tokio::spawn(async move { receiver.receive("the-state").await });
        let addr = redirect
            .trim_start_matches("http://")
            .trim_end_matches(CALLBACK_PATH)
            .to_string();
        // A browser's preconnect: opened, never written to.
        let _silent = tokio::net::TcpStream::connect(&addr).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        let hit = reqwest::get(format!("{redirect}?code=c&state=the-state"))
            .await
            .unwrap();
        assert_eq!(hit.status(), 200);
        let url = tokio::time::timeout(Duration::from_secs(2), wait)
            .await
            .expect("the callback was not held up")
            .unwrap()
            .unwrap();
        assert_eq!(url.query(), Some("code=c&state=the-state"));
    }

    #[tokio::test]
    async fn only_the_callback_with_the_logins_state_ends_the_wait() {
        let receiver = LoopbackReceiver::bind().await.unwrap();
        let redirect = receiver.redirect_uri().to_string();
        let wait = tokio::spawn(async move { receiver.receive("mine").await });
        for stray in [
            redirect.clone(),
            format!("{redirect}?code=c"),
            format!("{redirect}?code=c&state=other"),
            format!("{redirect}?code=c&state=mine&state=other"),
        ] {
            let answer = reqwest::get(&stray).await.unwrap();
            assert_eq!(answer.status(), 400, "{stray}");
        }
        assert!(!wait.is_finished(), "a stray request ended the wait");
        let hit = reqwest::get(format!("{redirect}?error=access_denied&state=mine"))
            .await
            .unwrap();
        assert_eq!(hit.status(), 200);
        let url = tokio::time::timeout(Duration::from_secs(2), wait)
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        assert_eq!(url.query(), Some("error=access_denied&state=mine"));
    }
}
