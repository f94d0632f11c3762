//! What answers on the internet: the Worker's /mcp asks for a login (401 with a Bearer challenge,
//! and says which bundle it runs), its metadata documents name its own origin, and the Access
//! application's discovery document and JWKS answer, with the issuer the deployment recorded.

use gatehouse_ipc::{AuditArea, AuditFinding, AuditFix};
use serde_json::Value;

use super::Finding;
use crate::bundle::{BUNDLE_HEADER, VERSION_HEADER};
use crate::oidc;
use crate::state::{AccessChoice, DeploymentState};

/// The live findings, and which bundle the Worker said it runs.
pub(super) struct LiveReport {
    pub(super) findings: Vec<AuditFinding>,
    /// The Worker answered /mcp at all (else the bundle cannot be told).
    pub(super) answered: bool,
    pub(super) bundle: Option<String>,
    pub(super) version: Option<String>,
}

pub(super) async fn check(http: &reqwest::Client, state: &DeploymentState) -> LiveReport {
    let challenge_f = Finding::new(
        "live.challenge",
        AuditArea::Live,
        "/mcp answers 401 with a login challenge",
    );
    let metadata_f = Finding::new(
        "live.metadata",
        AuditArea::Live,
        "Metadata documents name the Worker's own origin",
    );
    let mut report = LiveReport {
        findings: Vec::new(),
        answered: false,
        bundle: None,
        version: None,
    };
    let (worker, access) = tokio::join!(
        async {
            match &state.worker_url {
                Some(origin) => Some(worker_checks(http, origin.trim_end_matches('/')).await),
                None => None,
            }
        },
        access_checks(http, state),
    );
    match worker {
        None => {
            let why = "The Worker's address is not recorded yet.";
            report.findings.push(challenge_f.skip(why));
            report.findings.push(metadata_f.skip(why));
        }
        Some(w) => {
            report.answered = w.answered;
            report.bundle = w.bundle;
            report.version = w.version;
            report.findings.push(match w.challenge {
                Ok(detail) => challenge_f.pass(detail),
                // Nothing served there: the Worker's findings (gone, workers.dev off) carry the fix.
                Err(detail) if !w.answered => challenge_f.fail(
                    detail,
                    "See the Worker's findings: it is gone or its workers.dev address is off.",
                    None,
                ),
                Err(detail) => challenge_f.fail(
                    detail,
                    "Update the server: it uploads the Worker again, with its secrets kept.",
                    Some(AuditFix::UpdateServer),
                ),
            });
            report.findings.push(match w.metadata {
                Some(Ok(detail)) => metadata_f.pass(detail),
                Some(Err(detail)) => metadata_f.fail(
                    detail,
                    "Update the server: the bundle this Gatehouse ships names its own origin.",
                    Some(AuditFix::UpdateServer),
                ),
                None => metadata_f.skip("Not checked: /mcp did not ask for a login."),
            });
        }
    }
    report.findings.extend(access);
    report
}

struct WorkerAnswers {
    answered: bool,
    challenge: Result<String, String>,
    /// `None` when not checked.
    metadata: Option<Result<String, String>>,
    bundle: Option<String>,
    version: Option<String>,
}

async fn worker_checks(http: &reqwest::Client, origin: &str) -> WorkerAnswers {
    let mcp = format!("{origin}/mcp");
    let body = serde_json::json!({
        "jsonrpc": "2.0", "id": 0, "method": "initialize",
        "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "gatehouse-audit", "version": env!("CARGO_PKG_VERSION")}}
    });
    let response = match http
        .post(&mcp)
        .header("accept", "application/json, text/event-stream")
        .json(&body)
        .send()
        .await
    {
        Ok(r) => r,
        Err(e) => {
            let why = if e.is_timeout() {
                "timed out"
            } else {
                "could not be reached"
            };
            return WorkerAnswers {
                answered: false,
                challenge: Err(format!("{mcp} {why}.")),
                metadata: None,
                bundle: None,
                version: None,
            };
        }
    };
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let bundle = header(BUNDLE_HEADER);
    let version = header(VERSION_HEADER);
    let challenge = header("www-authenticate").unwrap_or_default();
    let status = response.status().as_u16();
    let metadata_url = resource_metadata(&challenge);
    let challenge = match (status, &metadata_url) {
        (401, Some(_)) if challenge.starts_with("Bearer") => Ok(format!("{mcp} asks for a login.")),
        (401, _) => Err(format!("{mcp} answers 401 without an OAuth challenge naming its metadata.")),
        (404, _) => Err(format!("{mcp} answers 404: nothing is served there (the Worker is gone or its workers.dev address is off).")),
        (s, _) => Err(format!("{mcp} answers HTTP {s} instead of asking for a login.")),
    };
    let metadata = match (&challenge, metadata_url) {
        (Ok(_), Some(url)) => Some(metadata_checks(http, origin, &url).await),
        _ => None,
    };
    WorkerAnswers {
        answered: status != 404,
        challenge,
        metadata,
        bundle,
        version,
    }
}

/// The `resource_metadata` URL of a Bearer challenge.
fn resource_metadata(challenge: &str) -> Option<String> {
    let start = challenge.find("resource_metadata=\"")? + "resource_metadata=\"".len();
    let rest = &challenge[start..];
    Some(rest[..rest.find('"')?].to_string())
}

/// The protected-resource metadata (RFC 9728) and the authorization server metadata (RFC 8414)
/// name the Worker's own origin: a client that follows them stays on this server.
async fn metadata_checks(
    http: &reqwest::Client,
    origin: &str,
    prm_url: &str,
) -> Result<String, String> {
    if !prm_url.starts_with(&format!("{origin}/")) {
        return Err(format!(
            "The login challenge points at {prm_url}, not at {origin}."
        ));
    }
    let prm = fetch_json(http, prm_url).await?;
    let resource = prm["resource"].as_str().unwrap_or_default();
    if resource.trim_end_matches('/') != format!("{origin}/mcp") {
        return Err(format!("The protected-resource metadata names the resource \"{resource}\" instead of {origin}/mcp."));
    }
    let servers: Vec<&str> = prm["authorization_servers"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !servers.iter().any(|s| s.trim_end_matches('/') == origin) {
        return Err(format!("The protected-resource metadata names the authorization servers {servers:?} instead of {origin}."));
    }
    let as_url = format!("{origin}/.well-known/oauth-authorization-server");
    let asm = fetch_json(http, &as_url).await?;
    let issuer = asm["issuer"].as_str().unwrap_or_default();
    if issuer.trim_end_matches('/') != origin {
        return Err(format!(
            "The authorization server metadata names the issuer \"{issuer}\" instead of {origin}."
        ));
    }
    Ok(format!("Both name {origin}."))
}

async fn fetch_json(http: &reqwest::Client, url: &str) -> Result<Value, String> {
    let response = http
        .get(url)
        .header("accept", "application/json")
        .send()
        .await
        .map_err(|_| format!("{url} could not be reached."))?;
    let status = response.status().as_u16();
    if status != 200 {
        return Err(format!("{url} answers HTTP {status}."));
    }
    response
        .json()
        .await
        .map_err(|_| format!("{url} does not answer JSON."))
}

/// Access's discovery document and JWKS answer, with the issuer the deployment recorded.
async fn access_checks(http: &reqwest::Client, state: &DeploymentState) -> Vec<AuditFinding> {
    let discovery_f = Finding::new(
        "live.access_discovery",
        AuditArea::Live,
        "Access discovery answers and the issuer matches",
    );
    let jwks_f = Finding::new("live.access_jwks", AuditArea::Live, "Access JWKS answers");
    let Some(recorded) = &state.oidc else {
        let why = "The Access application's sign-in addresses are not recorded yet.";
        return vec![discovery_f.skip(why), jwks_f.skip(why)];
    };
    // For an application setup made, the issuer is also what the team domain and client ID give.
    let expected = match (&state.access, &state.auth_domain, &state.access_app) {
        (AccessChoice::Automatic { .. }, Some(domain), Some(app)) => {
            oidc::issuer_for(domain, &app.client_id)
        }
        _ => recorded.issuer.clone(),
    };
    let replace =
        matches!(state.access, AccessChoice::Automatic { .. }).then_some(AuditFix::ReplaceAccess);
    let discovery = match oidc::discover(http, &recorded.issuer, Some(&expected)).await {
        Err(e) => discovery_f.failed_read(&e, replace),
        Ok(found) if found != *recorded => discovery_f.fail(
            format!("Access's sign-in addresses changed since the Worker's secrets were set (issuer {}).", found.issuer),
            "Let Gatehouse put the Worker's secrets again with the current addresses.",
            Some(AuditFix::PutSecrets),
        ),
        Ok(found) => discovery_f.pass(format!("The issuer is {}.", found.issuer)),
    };
    let jwks = match fetch_json(http, &recorded.jwks).await {
        Ok(doc) => match doc["keys"].as_array() {
            Some(keys) if !keys.is_empty() => jwks_f.pass(format!("{} signing key(s) at {}.", keys.len(), recorded.jwks)),
            _ => jwks_f.fail(
                format!("{} lists no signing keys, so the Worker cannot check any login.", recorded.jwks),
                "Check the Access application in the Zero Trust dashboard; if it was deleted, let Gatehouse replace it.",
                replace,
            ),
        },
        Err(detail) => jwks_f.fail(
            detail,
            "Check the Access application in the Zero Trust dashboard; if it was deleted, let Gatehouse replace it.",
            replace,
        ),
    };
    vec![discovery, jwks]
}

#[cfg(test)]
mod tests {
    use super::{metadata_checks, resource_metadata};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A loopback server answering each GET with the document `docs(origin)` has for its path (else 404).
    async fn serve(docs: impl Fn(&str) -> Vec<(&'static str, String)>) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let docs = docs(&origin);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let docs = docs.clone();
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 4096];
                    let n = socket.read(&mut buf).await.unwrap_or(0);
                    let request = String::from_utf8_lossy(&buf[..n]).to_string();
                    let path = request
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .to_string();
                    let (status, body) = match docs.iter().find(|(p, _)| *p == path) {
                        Some((_, body)) => ("200 OK", body.clone()),
                        None => ("404 Not Found", String::new()),
                    };
                    let answer = format!(
                        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        origin
    }

    const PRM: &str = "/.well-known/oauth-protected-resource/mcp";
    const ASM: &str = "/.well-known/oauth-authorization-server";

    #[tokio::test]
    async fn metadata_that_names_another_origin_fails() {
        let http = reqwest::Client::new();
        // Both documents name the Worker's own origin.
        let origin = serve(|o| {
            vec![
                (
                    PRM,
                    format!(r#"{{"resource":"{o}/mcp","authorization_servers":["{o}"]}}"#),
                ),
                (ASM, format!(r#"{{"issuer":"{o}"}}"#)),
            ]
        })
        .await;
        assert!(metadata_checks(&http, &origin, &format!("{origin}{PRM}"))
            .await
            .is_ok());
        // The challenge points at another host.
        let e = metadata_checks(&http, &origin, "https://evil.example/x")
            .await
            .unwrap_err();
        assert!(e.contains("not at"), "{e}");
        // The resource is elsewhere.
        let origin = serve(|_| {
            vec![(PRM, r#"{"resource":"https://evil.example/mcp","authorization_servers":["https://evil.example"]}"#.into())]
        })
        .await;
        let e = metadata_checks(&http, &origin, &format!("{origin}{PRM}"))
            .await
            .unwrap_err();
        assert!(e.contains("evil.example/mcp"), "{e}");
        // The resource is right, the authorization server's issuer elsewhere.
        let origin = serve(|o| {
            vec![
                (
                    PRM,
                    format!(r#"{{"resource":"{o}/mcp","authorization_servers":["{o}"]}}"#),
                ),
                (ASM, r#"{"issuer":"https://evil.example"}"#.into()),
            ]
        })
        .await;
        let e = metadata_checks(&http, &origin, &format!("{origin}{PRM}"))
            .await
            .unwrap_err();
        assert!(e.contains("issuer"), "{e}");
        // No metadata at all.
        let origin = serve(|_| Vec::new()).await;
        let e = metadata_checks(&http, &origin, &format!("{origin}{PRM}"))
            .await
            .unwrap_err();
        assert!(e.contains("404"), "{e}");
    }

    #[test]
    fn the_challenge_names_its_metadata() {
        let c = r#"Bearer error="invalid_token", resource_metadata="https://a.example/.well-known/oauth-protected-resource/mcp""#;
        assert_eq!(
            resource_metadata(c).as_deref(),
            Some("https://a.example/.well-known/oauth-protected-resource/mcp")
        );
        assert_eq!(resource_metadata("Bearer realm=\"x\""), None);
    }
}
