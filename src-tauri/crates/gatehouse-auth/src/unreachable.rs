//! Why a server could not be reached, in plain words.
//!
//! rmcp, reqwest, hyper and rustls describe a failed connection in their own terms, with type
//! names and their own phrasing ("Send message error Transport [rmcp::transport::worker::…]
//! error: …, when send discover request"). A user needs what happened (the connection to
//! 127.0.0.1:3999 was refused, the name was not found, the certificate has expired) and what
//! to do. [`Unreachable::from_error`] walks an error's chain of causes and names the first cause
//! it recognises; nothing from the libraries' own wording is ever shown.

use std::error::Error;
use std::fmt;
use std::io::ErrorKind;

use url::Url;

/// What went wrong with a connection, without any library's wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    kind: UnreachableKind,
    /// `host:port` (or the host alone when the URL gave no port).
    place: Option<String>,
    host: Option<String>,
}

/// The failures a user can be told about. Every one has its own words and its own advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnreachableKind {
    Refused,
    NameNotFound,
    TimedOut,
    Reset,
    Closed,
    CertificateExpired,
    CertificateNotYetValid,
    CertificateUntrusted,
    CertificateWrongName,
    CertificateRevoked,
    CertificateInvalid,
    TlsHandshake,
    HttpStatus(u16),
    NotMcp,
    SessionExpired,
    TooLarge,
    TooManyRedirects,
    Unknown,
}

impl UnreachableKind {
    /// Every kind, for tests that check the wording of each.
    pub const ALL: [UnreachableKind; 19] = [
        Self::Refused,
        Self::NameNotFound,
        Self::TimedOut,
        Self::Reset,
        Self::Closed,
        Self::CertificateExpired,
        Self::CertificateNotYetValid,
        Self::CertificateUntrusted,
        Self::CertificateWrongName,
        Self::CertificateRevoked,
        Self::CertificateInvalid,
        Self::TlsHandshake,
        Self::HttpStatus(404),
        Self::HttpStatus(502),
        Self::NotMcp,
        Self::SessionExpired,
        Self::TooLarge,
        Self::TooManyRedirects,
        Self::Unknown,
    ];
}

impl Unreachable {
    pub fn new(kind: UnreachableKind, url: Option<&Url>) -> Self {
        let host = url.and_then(|u| u.host_str()).map(str::to_string);
        let place = url.and_then(|u| {
            let host = u.host_str()?;
            Some(match u.port_or_known_default() {
                Some(port) => format!("{host}:{port}"),
                None => host.to_string(),
            })
        });
        Self { kind, place, host }
    }

    /// Names the first cause in `error`'s chain that is recognised.
    pub fn from_error(error: &(dyn Error + 'static), url: Option<&Url>) -> Self {
        Self::new(classify_chain(error), url)
    }

    /// For errors that reach us only as text (some rmcp paths keep nothing but the message).
    pub fn from_text(text: &str, url: Option<&Url>) -> Self {
        let text = text.to_ascii_lowercase();
        Self::new(
            classify_debug(&text)
                .or_else(|| classify_text(&text))
                .unwrap_or(UnreachableKind::Unknown),
            url,
        )
    }

    pub fn kind(&self) -> UnreachableKind {
        self.kind
    }

    /// What to do about it.
    pub fn fix(&self) -> String {
        use UnreachableKind::*;
        match self.kind {
            Refused => "Check that the server is running and that the port in the URL is the one it listens on, then connect again.".into(),
            NameNotFound => "Check the spelling of the host name in the URL. If the server is on a private network, connect to that network (or its VPN) first.".into(),
            TimedOut => "Check your connection, and that no firewall or proxy blocks this address; then try again.".into(),
            Reset | Closed => "The server may have restarted or crashed. Connect again; if it keeps happening, check the server's logs.".into(),
            CertificateExpired | CertificateNotYetValid => "Check that this computer's date and time are right. If they are, the server's administrator must renew its certificate.".into(),
            CertificateUntrusted => "The certificate is self-signed or issued by an authority this computer does not trust. For a server you run yourself, use a certificate from a trusted authority, or plain http on 127.0.0.1 or localhost.".into(),
            CertificateWrongName => format!(
                "Check the host name in the URL{}: the server's certificate was issued for another name.",
                self.host.as_deref().map(|h| format!(" (“{h}”)")).unwrap_or_default()
            ),
            CertificateRevoked | CertificateInvalid | TlsHandshake => "Tell the server's administrator; Gatehouse does not connect to a server it cannot verify.".into(),
            HttpStatus(404) => "Check the path in the URL: MCP servers usually answer at /mcp.".into(),
            HttpStatus(429) => "Wait a little, then try again.".into(),
            HttpStatus(s) if s >= 500 => "The server has a problem of its own. Try again later, or check the server's logs.".into(),
            HttpStatus(_) | NotMcp => "Check that the URL points at an MCP server's endpoint (usually ending in /mcp).".into(),
            SessionExpired => "Connect again to start a new session.".into(),
            TooLarge => "The answer was too large to show. Ask for less (fewer items, a smaller resource).".into(),
            TooManyRedirects => "Use the address the server finally answers at.".into(),
            Unknown => "Check the server URL and your connection, then connect again.".into(),
        }
    }
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use UnreachableKind::*;
        let place = self.place.as_deref().unwrap_or("the server");
        let host = self.host.as_deref().unwrap_or("the server");
        match self.kind {
            Refused => write!(f, "the connection to {place} was refused: nothing is listening there"),
            NameNotFound => write!(f, "the name “{host}” was not found (no such host)"),
            TimedOut => write!(f, "{place} did not answer in time"),
            Reset => write!(f, "{place} broke off the connection"),
            Closed => write!(f, "the connection to {place} closed before the server answered"),
            CertificateExpired => write!(f, "the TLS certificate of {host} has expired"),
            CertificateNotYetValid => write!(f, "the TLS certificate of {host} is not valid yet"),
            CertificateUntrusted => write!(f, "the TLS certificate of {host} is not trusted (self-signed or from an unknown authority)"),
            CertificateWrongName => write!(f, "the TLS certificate of {host} was issued for another name"),
            CertificateRevoked => write!(f, "the TLS certificate of {host} was revoked"),
            CertificateInvalid => write!(f, "the TLS certificate of {host} could not be verified"),
            TlsHandshake => write!(f, "a secure (TLS) connection to {place} could not be set up"),
            HttpStatus(status) => write!(f, "{place} answered HTTP {status}{}", status_words(status)),
            NotMcp => write!(f, "{place} answered, but not as an MCP server"),
            SessionExpired => write!(f, "the server no longer knows this session"),
            TooLarge => write!(f, "the server's answer was larger than Gatehouse accepts"),
            TooManyRedirects => write!(f, "{place} redirected too many times"),
            Unknown => write!(f, "the connection to {place} failed"),
        }
    }
}

fn status_words(status: u16) -> &'static str {
    match status {
        400 => " (bad request)",
        403 => " (forbidden)",
        404 => " (nothing at this address)",
        405 => " (method not allowed)",
        406 => " (not acceptable)",
        429 => " (too many requests)",
        500 => " (internal server error)",
        502 => " (bad gateway)",
        503 => " (service unavailable)",
        504 => " (gateway timeout)",
        _ => "",
    }
}

fn classify_chain(error: &(dyn Error + 'static)) -> UnreachableKind {
    let mut found = None;
    let mut source = Some(error);
    while let Some(current) = source {
        if let Some(kind) = classify_one(current) {
            // A more specific cause further down (refused inside "connect error") wins over a
            // vague one; certificate and name causes are always specific.
            found = Some(kind);
            if !matches!(kind, UnreachableKind::Closed | UnreachableKind::Unknown) {
                return kind;
            }
        }
        source = current.source();
    }
    // rmcp's transport error keeps its cause only inside (no `source()`): its debug form still
    // holds the whole chain (reqwest → hyper → the OS or rustls), so look there too.
    classify_debug(&format!("{error:?}").to_ascii_lowercase())
        .or(found)
        .unwrap_or(UnreachableKind::Unknown)
}

/// Classifies an error's debug form, which names causes by their variants (`ConnectionRefused`,
/// `InvalidCertificate(UnknownIssuer)`) among type names: only unmistakable markers count.
fn classify_debug(text: &str) -> Option<UnreachableKind> {
    use UnreachableKind::*;
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&["invalidcertificate", "invalid peer certificate"]) {
        return Some(if has(&["expired"]) {
            CertificateExpired
        } else if has(&["notvalidyet"]) {
            CertificateNotYetValid
        } else if has(&["notvalidforname"]) {
            CertificateWrongName
        } else if has(&["unknownissuer", "causedasendentity"]) {
            // A self-signed certificate: unknown issuer, or a CA certificate serving as its own leaf.
            CertificateUntrusted
        } else if has(&["revoked"]) {
            CertificateRevoked
        } else {
            CertificateInvalid
        });
    }
    if has(&["connectionrefused", "connection refused"]) {
        Some(Refused)
    } else if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "temporary failure in name resolution",
        "no address associated",
    ]) {
        Some(NameNotFound)
    } else if has(&["kind: timedout", "timed out"]) {
        Some(TimedOut)
    } else if has(&["connectionreset", "connection reset"]) {
        Some(Reset)
    } else if has(&["alertreceived", "handshakefailure"]) {
        Some(TlsHandshake)
    } else {
        None
    }
}

fn classify_one(error: &(dyn Error + 'static)) -> Option<UnreachableKind> {
    if let Some(io) = error.downcast_ref::<std::io::Error>() {
        match io.kind() {
            ErrorKind::ConnectionRefused => return Some(UnreachableKind::Refused),
            ErrorKind::TimedOut => return Some(UnreachableKind::TimedOut),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                return Some(UnreachableKind::Reset)
            }
            _ => {}
        }
    }
    if let Some(http) = error.downcast_ref::<reqwest::Error>() {
        if let Some(status) = http.status() {
            return Some(UnreachableKind::HttpStatus(status.as_u16()));
        }
        if http.is_redirect() {
            return Some(UnreachableKind::TooManyRedirects);
        }
        // A timeout's cause is often only "operation timed out"; keep looking for something
        // more specific, and fall back to the timeout.
        if http.is_timeout() && error.source().is_none() {
            return Some(UnreachableKind::TimedOut);
        }
    }
    if let Some(status) =
        error.downcast_ref::<rmcp::transport::streamable_http_client::HttpStatusError>()
    {
        return Some(UnreachableKind::HttpStatus(status.status));
    }
    classify_text(&error.to_string().to_ascii_lowercase())
}

fn classify_text(text: &str) -> Option<UnreachableKind> {
    use UnreachableKind::*;
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    if has(&["certificate", "peer cert", "tls", "handshake"]) {
        return Some(if has(&["expired"]) {
            CertificateExpired
        } else if has(&["notvalidyet", "not valid yet", "not yet valid"]) {
            CertificateNotYetValid
        } else if has(&["notvalidforname", "not valid for name", "hostname mismatch"]) {
            CertificateWrongName
        } else if has(&[
            "unknownissuer",
            "unknown issuer",
            "self-signed",
            "self signed",
            "untrusted",
        ]) {
            CertificateUntrusted
        } else if has(&["revoked"]) {
            CertificateRevoked
        } else if has(&["certificate"]) {
            CertificateInvalid
        } else {
            TlsHandshake
        });
    }
    if has(&[
        "connection refused",
        "os error 111",
        "os error 61",
        "os error 10061",
    ]) {
        return Some(Refused);
    }
    if has(&[
        "dns error",
        "failed to lookup address",
        "name or service not known",
        "no such host",
        "nodename nor servname",
        "temporary failure in name resolution",
        "no address associated",
    ]) {
        return Some(NameNotFound);
    }
    if has(&["timed out", "timeout"]) {
        return Some(TimedOut);
    }
    if has(&["connection reset", "broken pipe", "connection aborted"]) {
        return Some(Reset);
    }
    if has(&["session expired"]) {
        return Some(SessionExpired);
    }
    if has(&["exceeded the maximum size"]) {
        return Some(TooLarge);
    }
    if has(&["too many redirects", "redirects"]) {
        return Some(TooManyRedirects);
    }
    if has(&[
        "unexpected content type",
        "does not support sse",
        "deserialize error",
    ]) {
        return Some(NotMcp);
    }
    if has(&[
        "unexpected end of stream",
        "connection closed",
        "transport closed",
        "channel closed",
        "incomplete message",
    ]) {
        return Some(Closed);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url() -> Url {
        Url::parse("http://127.0.0.1:3999/mcp").unwrap()
    }

    #[test]
    fn library_texts_are_named_in_plain_words() {
        let cases = [
            ("Send message error Transport [rmcp::transport::worker::WorkerTransport<X<Y>>] error: Client error: error sending request for url (http://127.0.0.1:3999/mcp): client error (Connect): tcp connect error: Connection refused (os error 111), when send discover request", UnreachableKind::Refused),
            ("client error (Connect): dns error: failed to lookup address information: Name or service not known", UnreachableKind::NameNotFound),
            ("invalid peer certificate: Expired", UnreachableKind::CertificateExpired),
            ("invalid peer certificate: UnknownIssuer", UnreachableKind::CertificateUntrusted),
            ("invalid peer certificate: NotValidForName", UnreachableKind::CertificateWrongName),
            ("invalid peer certificate: NotValidYet", UnreachableKind::CertificateNotYetValid),
            ("invalid peer certificate: Revoked", UnreachableKind::CertificateRevoked),
            ("InvalidCertificate(Other(OtherError(CaUsedAsEndEntity)))", UnreachableKind::CertificateUntrusted),
            ("operation timed out", UnreachableKind::TimedOut),
            ("Session expired (HTTP 404)", UnreachableKind::SessionExpired),
            ("Unexpected content type: Some(\"text/html\")", UnreachableKind::NotMcp),
            ("Transport closed", UnreachableKind::Closed),
        ];
        for (text, kind) in cases {
            assert_eq!(
                Unreachable::from_text(text, Some(&url())).kind(),
                kind,
                "{text}"
            );
        }
        let refused = Unreachable::from_text(cases[0].0, Some(&url())).to_string();
        assert_eq!(
            refused,
            "the connection to 127.0.0.1:3999 was refused: nothing is listening there"
        );
    }

    #[test]
    fn an_io_cause_deep_in_the_chain_is_found() {
        #[derive(Debug)]
        struct Outer(std::io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("Transport [rmcp::X<Y>] error")
            }
        }
        impl Error for Outer {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let error = Outer(std::io::Error::from(ErrorKind::ConnectionRefused));
        assert_eq!(
            Unreachable::from_error(&error, Some(&url())).kind(),
            UnreachableKind::Refused
        );
    }

    #[test]
    fn every_kind_is_worded_without_library_terms() {
        let urls = [Some(url()), None];
        for kind in UnreachableKind::ALL {
            for url in &urls {
                let u = Unreachable::new(kind, url.as_ref());
                for text in [u.to_string(), u.fix()] {
                    crate::plain_words::assert_plain(&text);
                }
            }
        }
    }
}
