//! Proxy, name resolution, TCP and TLS.

use std::net::SocketAddr;
use std::sync::Arc;

use gatehouse_ipc::DoctorCheck;
use rustls::{CertificateError, Error as TlsError};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use tokio::net::TcpStream;
use url::Url;

use crate::{check, DoctorOptions};

/// The proxy settings in force, as `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` give
/// them (lower-case names too).
#[derive(Debug, Clone, Default)]
pub struct ProxySettings {
    pub https_proxy: Option<String>,
    pub http_proxy: Option<String>,
    pub no_proxy: Option<String>,
}

impl ProxySettings {
    pub fn from_env() -> Self {
        let var = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
        };
        Self {
            https_proxy: var(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
            http_proxy: var(&["HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"]),
            no_proxy: var(&["NO_PROXY", "no_proxy"]),
        }
    }

    /// The proxy a request to `url` goes through, or `None` for a direct connection.
    pub fn proxy_for(&self, url: &Url) -> Option<&str> {
        let proxy = match url.scheme() {
            "https" => self.https_proxy.as_deref(),
            _ => self.http_proxy.as_deref(),
        }?;
        if self.bypassed(url) {
            None
        } else {
            Some(proxy)
        }
    }

    /// Whether `NO_PROXY` names the URL's host.
    fn bypassed(&self, url: &Url) -> bool {
        let Some(no_proxy) = &self.no_proxy else {
            return false;
        };
        let host = url
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        no_proxy.split(',').map(str::trim).any(|entry| {
            let entry = entry.to_ascii_lowercase();
            let entry = entry.split(':').next().unwrap_or_default();
            entry == "*"
                || (!entry.is_empty()
                    && (host == entry.trim_start_matches('.')
                        || host.ends_with(&format!(".{}", entry.trim_start_matches('.')))))
        })
    }
}

/// Proxy, DNS, TCP and TLS checks; whether the server (or its proxy) can be reached.
pub(crate) async fn check_network(
    url: &Url,
    options: &DoctorOptions,
    checks: &mut Vec<DoctorCheck>,
) -> bool {
    let proxy = options.proxy.proxy_for(url).map(str::to_string);
    let (target_host, target_port) = match &proxy {
        Some(proxy) => {
            let Ok(proxy_url) = Url::parse(proxy) else {
                checks.push(check::fail(
                    "proxy",
                    "Proxy",
                    format!("The proxy setting “{proxy}” is not a web address."),
                    "Correct HTTPS_PROXY / HTTP_PROXY (e.g. http://proxy.example:3128), or unset it.",
                ));
                return false;
            };
            checks.push(check::pass(
                "proxy",
                "Proxy",
                format!(
                    "Requests to {} go through the proxy {} (from the proxy settings; NO_PROXY does not name this host).",
                    url.host_str().unwrap_or_default(),
                    proxy_url.host_str().unwrap_or_default()
                ),
            ));
            (
                proxy_url.host_str().unwrap_or_default().to_string(),
                proxy_url.port_or_known_default().unwrap_or(80),
            )
        }
        None => {
            let why = if options.proxy.https_proxy.is_some() || options.proxy.http_proxy.is_some() {
                "A proxy is set, but NO_PROXY names this host: the connection is direct."
            } else {
                "No proxy is set: the connection is direct."
            };
            checks.push(check::pass("proxy", "Proxy", why));
            (
                url.host_str().unwrap_or_default().to_string(),
                url.port_or_known_default().unwrap_or(443),
            )
        }
    };
    let through = if proxy.is_some() { "the proxy " } else { "" };

    let host = target_host.trim_matches(['[', ']']).to_string();
    let addresses: Vec<SocketAddr> = match tokio::time::timeout(
        options.timeout,
        tokio::net::lookup_host((host.as_str(), target_port)),
    )
    .await
    {
        Ok(Ok(found)) => found.collect(),
        Ok(Err(_)) | Err(_) => Vec::new(),
    };
    if addresses.is_empty() {
        checks.push(check::fail(
            "dns",
            "Name resolution",
            format!("The name {through}{host} was not found."),
            "Check the address for typos; if it is right, check this computer's network or DNS settings (a VPN may be needed).",
        ));
        skip_rest(checks, "the name was not found");
        return false;
    }
    let shown: Vec<String> = addresses.iter().map(|a| a.ip().to_string()).collect();
    checks.push(check::pass(
        "dns",
        "Name resolution",
        format!("{through}{host} is at {}.", shown.join(", ")),
    ));

    let mut stream = None;
    let mut last_error = String::new();
    for address in &addresses {
        match tokio::time::timeout(options.timeout, TcpStream::connect(address)).await {
            Ok(Ok(s)) => {
                stream = Some((s, *address));
                break;
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                last_error = format!(
                    "{address} refused the connection (nothing listens on port {target_port})"
                );
            }
            Ok(Err(e)) => last_error = format!("{address}: {e}"),
            Err(_) => {
                last_error = format!(
                    "{address} did not answer within {} seconds",
                    options.timeout.as_secs()
                )
            }
        }
    }
    let Some((stream, address)) = stream else {
        checks.push(check::fail(
            "tcp",
            "Connection",
            format!("Could not connect to {through}{host}: {last_error}."),
            "Check the port in the address, that the server is running, and that no firewall blocks it.",
        ));
        skip_rest(checks, "no connection could be made");
        return false;
    };
    checks.push(check::pass(
        "tcp",
        "Connection",
        format!("Connected to {through}{address}."),
    ));

    if proxy.is_some() {
        checks.push(check::skip(
            "tls",
            "Certificate (TLS)",
            "Not checked directly: the connection goes through the proxy. The request below checks the certificate.",
        ));
        return true;
    }
    if url.scheme() == "http" {
        let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
        checks.push(if local {
            check::pass(
                "tls",
                "Certificate (TLS)",
                "Plain http on this computer: no certificate needed.",
            )
        } else {
            check::fail(
                "tls",
                "Certificate (TLS)",
                "The address is plain http to another computer: anyone on the way can read the login.",
                "Use the server's https:// address.",
            )
        });
        return local;
    }
    let tls = check_tls(stream, url, options).await;
    let ok = tls.status != gatehouse_ipc::CheckStatus::Fail;
    checks.push(tls);
    if !ok {
        skip_rest(checks, "the certificate is not trusted");
    }
    ok
}

/// Marks the network checks after a failed one as not checked.
fn skip_rest(checks: &mut Vec<DoctorCheck>, why: &str) {
    for (id, title) in [("tcp", "Connection"), ("tls", "Certificate (TLS)")] {
        if !checks.iter().any(|c| c.id == id) {
            checks.push(check::skip(id, title, format!("Not checked: {why}.")));
        }
    }
}

/// The roots the doctor trusts besides the system's.
fn extra_roots(options: &DoctorOptions) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(&options.extra_roots_pem)
        .filter_map(|c| c.ok())
        .collect()
}

async fn check_tls(stream: TcpStream, url: &Url, options: &DoctorOptions) -> DoctorCheck {
    const TITLE: &str = "Certificate (TLS)";
    let host = url
        .host_str()
        .unwrap_or_default()
        .trim_matches(['[', ']'])
        .to_string();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = match rustls_platform_verifier::Verifier::new_with_extra_roots(
        extra_roots(options),
        provider.clone(),
    ) {
        Ok(v) => v,
        Err(e) => {
            return check::fail(
                "tls",
                TITLE,
                format!("This computer's trusted certificates could not be read ({e})."),
                "Check the system's certificate store.",
            )
        }
    };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map(|b| {
            b.dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        });
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            return check::fail(
                "tls",
                TITLE,
                format!("TLS could not be set up ({e})."),
                "Report this as a bug.",
            )
        }
    };
    let Ok(name) = ServerName::try_from(host.clone()) else {
        return check::fail(
            "tls",
            TITLE,
            format!("{host} is not a name a certificate can be checked for."),
            "Check the address.",
        );
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    match tokio::time::timeout(options.timeout, connector.connect(name, stream)).await {
        Err(_) => check::fail(
            "tls",
            TITLE,
            format!(
                "The server did not complete the TLS handshake within {} seconds.",
                options.timeout.as_secs()
            ),
            "Check that the port serves https (not plain http), or that nothing in between holds the connection.",
        ),
        Ok(Ok(_)) => check::pass(
            "tls",
            TITLE,
            format!("The certificate is valid for {host} and trusted by this computer."),
        ),
        Ok(Err(e)) => describe_tls_error(&host, e),
    }
}

fn describe_tls_error(host: &str, error: std::io::Error) -> DoctorCheck {
    const TITLE: &str = "Certificate (TLS)";
    let tls = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<TlsError>());
    let Some(TlsError::InvalidCertificate(cert)) = tls else {
        return check::fail(
            "tls",
            TITLE,
            format!("The TLS handshake with {host} failed: {error}."),
            "Check that the address's port serves https; a proxy or firewall may interfere.",
        );
    };
    match cert {
        CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
            let when = match cert {
                CertificateError::ExpiredContext { not_after, .. } => {
                    format!(" on {}", date(*not_after))
                }
                _ => String::new(),
            };
            check::fail(
                "tls",
                TITLE,
                format!("The server's certificate expired{when}."),
                "The server's administrator must renew the certificate. If it looks new, check this computer's clock.",
            )
        }
        CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => check::fail(
            "tls",
            TITLE,
            "The server's certificate is not valid yet.",
            "Check this computer's clock and date; otherwise the administrator must fix the certificate's dates.",
        ),
        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
            let presented = match cert {
                CertificateError::NotValidForNameContext { presented, .. } => {
                    format!(" It is for {}.", presented.join(", "))
                }
                _ => String::new(),
            };
            check::fail(
                "tls",
                TITLE,
                format!("The server's certificate is for another name, not {host}.{presented}"),
                "Check the address for typos; if it is right, the administrator must use a certificate that names this host.",
            )
        }
        CertificateError::Other(other)
            if matches!(
                other.0.downcast_ref::<webpki::Error>(),
                Some(webpki::Error::CaUsedAsEndEntity)
            ) =>
        {
            self_signed()
        }
        CertificateError::UnknownIssuer => self_signed(),
        other => check::fail(
            "tls",
            TITLE,
            format!("The server's certificate was refused ({other:?})."),
            "The server's administrator must fix the certificate.",
        ),
    }
}

fn self_signed() -> DoctorCheck {
    check::fail(
            "tls",
            "Certificate (TLS)",
            "The server's certificate is self-signed or issued by an authority this computer does not trust.",
            "The administrator should use a certificate from a public authority; if your company uses its own, install its certificate in the system's trust store.",
        )
}

fn date(time: UnixTime) -> String {
    time::OffsetDateTime::from_unix_timestamp(time.as_secs() as i64)
        .map(|t| t.date().to_string())
        .unwrap_or_else(|_| "an earlier date".into())
}

/// The HTTP client the later checks use: the same proxy and trusted certificates as above.
pub(crate) fn http_client(options: &DoctorOptions) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .timeout(options.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy();
    for cert in extra_roots(options) {
        let cert = reqwest::Certificate::from_der(&cert).map_err(|e| e.to_string())?;
        builder = builder.add_root_certificate(cert);
    }
    let no_proxy = options
        .proxy
        .no_proxy
        .as_deref()
        .and_then(reqwest::NoProxy::from_string);
    if let Some(p) = &options.proxy.https_proxy {
        let proxy = reqwest::Proxy::https(p)
            .map_err(|_| format!("The proxy setting “{p}” is not usable."))?
            .no_proxy(no_proxy.clone());
        builder = builder.proxy(proxy);
    }
    if let Some(p) = &options.proxy.http_proxy {
        let proxy = reqwest::Proxy::http(p)
            .map_err(|_| format!("The proxy setting “{p}” is not usable."))?
            .no_proxy(no_proxy);
        builder = builder.proxy(proxy);
    }
    builder
        .build()
        .map_err(|e| format!("The HTTP client could not be set up: {e}"))
}

#[cfg(test)]
mod tests {
    use super::ProxySettings;
    use url::Url;

    #[test]
    fn no_proxy_names_hosts_and_their_subdomains() {
        let s = ProxySettings {
            https_proxy: Some("http://proxy.example:3128".into()),
            http_proxy: None,
            no_proxy: Some("localhost, .corp.example,10.0.0.1".into()),
        };
        let u = |s: &str| Url::parse(s).unwrap();
        assert_eq!(s.proxy_for(&u("https://localhost/mcp")), None);
        assert_eq!(s.proxy_for(&u("https://mcp.corp.example/mcp")), None);
        assert_eq!(s.proxy_for(&u("https://10.0.0.1/mcp")), None);
        assert_eq!(
            s.proxy_for(&u("https://mcp.example/mcp")),
            Some("http://proxy.example:3128")
        );
        assert_eq!(s.proxy_for(&u("http://mcp.example/mcp")), None);
    }
}
