//! One stable name per server, used to file its secrets.

use url::Url;

/// The server's URL without query, fragment, credentials or a trailing slash, host lowercased:
/// `https://MCP.example.com/mcp/?x=1` and `https://mcp.example.com/mcp` name the same server.
pub fn server_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    format!("{}://{host}{port}{path}", url.scheme())
}

/// Whether the URL's host is this computer (`localhost`, 127.0.0.0/8, `::1`): the only place
/// plain http is accepted.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::server_key;

    #[test]
    fn equivalent_urls_share_a_key() {
        let a = url::Url::parse("https://MCP.example.com/mcp/?x=1#f").unwrap();
        let b = url::Url::parse("https://mcp.example.com/mcp").unwrap();
        assert_eq!(server_key(&a), server_key(&b));
        let c = url::Url::parse("http://127.0.0.1:8787/mcp").unwrap();
        assert_eq!(server_key(&c), "http://127.0.0.1:8787/mcp");
    }
}
