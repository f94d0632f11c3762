//! Which API base URLs are acceptable: https anywhere, plain http only on this computer.

use url::Url;

use crate::CloudflareError;

/// `localhost`, 127.0.0.0/8 or ::1 (brackets allowed): traffic that never leaves this computer.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

pub(crate) fn is_loopback_url(url: &Url) -> bool {
    url.host_str().map(is_loopback_host).unwrap_or(false)
}

/// The parsed base URL, or why it is refused: the token goes to it, so plain http is allowed
/// only where nobody else can listen.
pub(crate) fn check_base_url(base: &str) -> Result<Url, CloudflareError> {
    let url = Url::parse(base.trim()).map_err(|_| {
        CloudflareError::InvalidBaseUrl(format!("\"{base}\" is not a URL for the Cloudflare API."))
    })?;
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(CloudflareError::InvalidBaseUrl(format!(
            "\"{base}\" must not carry credentials, a query or a fragment."
        )));
    }
    match url.scheme() {
        "https" if url.host_str().is_some() => Ok(url),
        "http" if is_loopback_url(&url) => Ok(url),
        "http" => Err(CloudflareError::InvalidBaseUrl(format!(
            "\"{base}\" uses plain http, which is accepted only for this computer (127.0.0.1, ::1, localhost)."
        ))),
        _ => Err(CloudflareError::InvalidBaseUrl(format!(
            "\"{base}\" is not an https URL."
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_http_only_on_loopback() {
        for ok in [
            "https://api.cloudflare.com/client/v4",
            "http://127.0.0.1:4000/client/v4",
            "http://[::1]:4000/client/v4",
            "http://localhost:1/client/v4",
            "http://127.1.2.3/client/v4",
            "HTTPS://API.CLOUDFLARE.COM/client/v4",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://api.cloudflare.com/client/v4",
            "http://10.0.0.1/client/v4",
            "http://127.0.0.1.evil.com/client/v4",
            "http://localhost.evil.com/client/v4",
            "http://[::2]/client/v4",
            "https://",
            "ftp://127.0.0.1/",
            "https://user:pw@api.cloudflare.com/",
            "not a url",
            "file:///etc/passwd",
        ] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }
}
