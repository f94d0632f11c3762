//! One test per diagnosis: a server broken in one way, and the doctor naming the cause and the fix.

mod common;

use std::sync::Arc;

use async_trait::async_trait;
use common::{check, fixture, options, serve, serve_tls, Faults};
use gatehouse_doctor::{
    diagnose, render_text, CheckStatus, DeploymentAudit, DoctorCheck, ProxySettings, ScopesSeen,
};
use url::Url;

fn failed(report: &gatehouse_doctor::DoctorReport, id: &str) -> (String, String) {
    let c = check(report, id);
    assert_eq!(c.status, CheckStatus::Fail, "{id} should fail: {c:#?}");
    (
        c.found.clone(),
        c.fix.clone().expect("a failed check says what to do"),
    )
}

fn passed(report: &gatehouse_doctor::DoctorReport, id: &str) -> String {
    let c = check(report, id);
    assert_eq!(c.status, CheckStatus::Pass, "{id} should pass: {c:#?}");
    c.found.clone()
}

#[tokio::test]
async fn a_healthy_server_passes_every_check() {
    let url = serve(Faults::default()).await;
    let report = diagnose(&url, &options()).await;
    assert!(report.all_passed(), "{}", render_text(&report));
    for id in [
        "proxy",
        "dns",
        "tcp",
        "tls",
        "mcp",
        "clock",
        "challenge",
        "resource",
        "issuer",
        "registration",
        "redirect",
        "scopes",
    ] {
        passed(&report, id);
    }
    assert!(passed(&report, "mcp").contains("asks for an OAuth login"));
    assert!(passed(&report, "redirect").contains("accepts the app link"));
    let audit = check(&report, "audit");
    assert_eq!(audit.status, CheckStatus::Skipped);
    assert!(audit.found.contains("cannot audit deployments"));
}

#[tokio::test]
async fn an_open_server_reports_its_protocol_version() {
    let url = serve(Faults {
        open: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    assert!(passed(&report, "mcp").contains("speaks MCP version 2025-06-18"));
    assert_eq!(check(&report, "resource").status, CheckStatus::Skipped);
}

#[tokio::test]
async fn an_unknown_name_is_named() {
    let report = diagnose("https://no-such-host.invalid/mcp", &options()).await;
    let (found, fix) = failed(&report, "dns");
    assert!(
        found.contains("no-such-host.invalid was not found"),
        "{found}"
    );
    assert!(fix.contains("typos"));
    assert_eq!(check(&report, "tcp").status, CheckStatus::Skipped);
    assert_eq!(check(&report, "mcp").status, CheckStatus::Skipped);
    assert!(!report.all_passed());
}

#[tokio::test]
async fn a_closed_port_is_named() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let report = diagnose(&format!("http://127.0.0.1:{port}/mcp"), &options()).await;
    let (found, fix) = failed(&report, "tcp");
    assert!(found.contains("refused the connection"), "{found}");
    assert!(fix.contains("server is running"));
}

#[tokio::test]
async fn an_expired_certificate_is_named() {
    let port = serve_tls("expired").await;
    let report = diagnose(&format!("https://localhost:{port}/mcp"), &options()).await;
    let (found, fix) = failed(&report, "tls");
    assert!(
        found.contains("certificate expired on 2021-01-01"),
        "{found}"
    );
    assert!(fix.contains("renew"));
}

#[tokio::test]
async fn a_self_signed_certificate_is_named() {
    let port = serve_tls("self-signed").await;
    let report = diagnose(&format!("https://localhost:{port}/mcp"), &options()).await;
    let (found, fix) = failed(&report, "tls");
    assert!(found.contains("self-signed"), "{found}");
    assert!(fix.contains("trust store"));
}

#[tokio::test]
async fn a_certificate_for_another_name_is_named() {
    let port = serve_tls("wrong-name").await;
    let report = diagnose(&format!("https://localhost:{port}/mcp"), &options()).await;
    let (found, fix) = failed(&report, "tls");
    assert!(found.contains("for another name, not localhost"), "{found}");
    assert!(found.contains("other.example"), "{found}");
    assert!(fix.contains("names this host"));
}

#[tokio::test]
async fn a_trusted_certificate_passes_and_the_request_goes_through() {
    let port = serve_tls("localhost").await;
    let report = diagnose(&format!("https://localhost:{port}/mcp"), &options()).await;
    assert!(passed(&report, "tls").contains("valid for localhost"));
    assert!(passed(&report, "mcp").contains("asks for an OAuth login"));
}

#[tokio::test]
async fn requests_go_through_the_proxy_that_is_set() {
    // The in-test server doubles as the proxy: a name that resolves nowhere is still answered.
    let proxy = serve(Faults::default()).await.replace("/mcp", "");
    let mut opts = options();
    opts.proxy = ProxySettings {
        https_proxy: None,
        http_proxy: Some(proxy.clone()),
        no_proxy: None,
    };
    let report = diagnose("http://mcp.unresolvable.invalid/mcp", &opts).await;
    assert!(passed(&report, "proxy").contains("go through the proxy 127.0.0.1"));
    assert!(passed(&report, "dns").contains("the proxy 127.0.0.1"));
    assert!(passed(&report, "mcp").contains("asks for an OAuth login"));
}

#[tokio::test]
async fn a_proxy_that_does_not_answer_is_named_and_no_proxy_is_honoured() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = serve(Faults::default()).await;
    let mut opts = options();
    opts.proxy = ProxySettings {
        https_proxy: None,
        http_proxy: Some(format!("http://127.0.0.1:{port}")),
        no_proxy: None,
    };
    let report = diagnose(&url, &opts).await;
    let (found, _) = failed(&report, "tcp");
    assert!(found.contains("Could not connect to the proxy"), "{found}");

    opts.proxy.no_proxy = Some("127.0.0.1".into());
    let report = diagnose(&url, &opts).await;
    assert!(passed(&report, "proxy").contains("NO_PROXY names this host"));
    assert!(report.all_passed(), "{}", render_text(&report));
}

#[tokio::test]
async fn a_web_page_instead_of_an_endpoint_is_named() {
    let url = serve(Faults {
        web_page: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "mcp");
    assert!(
        found.contains("text/html") && found.contains("web page"),
        "{found}"
    );
    assert!(fix.contains("/mcp"));
    let report = diagnose(&url.replace("/mcp", "/nothing"), &options()).await;
    assert!(failed(&report, "mcp").0.contains("404"));
}

#[tokio::test]
async fn a_challenge_without_resource_metadata_is_named() {
    let url = serve(Faults {
        no_resource_metadata: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "challenge");
    assert!(found.contains("lacks resource_metadata"), "{found}");
    assert!(fix.contains("RFC 9728"));
    // The well-known address still finds the metadata.
    passed(&report, "resource");
}

#[tokio::test]
async fn metadata_for_another_resource_is_named() {
    let url = serve(Faults {
        resource: Some("https://elsewhere.example/mcp".into()),
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "resource");
    assert!(
        found.contains("is for “https://elsewhere.example/mcp”"),
        "{found}"
    );
    assert!(fix.contains("`resource`"));
}

#[tokio::test]
async fn an_issuer_mismatch_is_named_with_every_address_tried() {
    let url = serve(Faults {
        issuer: Some("https://evil.example".into()),
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "issuer");
    assert!(
        found.contains("names the issuer “https://evil.example”"),
        "{found}"
    );
    assert!(
        found.contains("/.well-known/oauth-authorization-server → 200"),
        "{found}"
    );
    assert!(fix.contains("`issuer`"));
}

#[tokio::test]
async fn no_registration_and_no_metadata_documents_asks_for_a_client_id() {
    let url = serve(Faults {
        no_registration: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "registration");
    assert!(found.contains("no registration endpoint"), "{found}");
    assert!(fix.contains("client ID"));
    assert_eq!(check(&report, "redirect").status, CheckStatus::Skipped);

    let url = serve(Faults {
        no_registration: true,
        cimd: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    assert!(passed(&report, "registration").contains("client metadata document"));
}

#[tokio::test]
async fn a_refused_app_link_is_named_with_the_loopback_fallback() {
    let url = serve(Faults {
        refuse_app_redirect: true,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "redirect");
    assert!(found.contains("refuses the app link"), "{found}");
    assert!(found.contains("only https or loopback"), "{found}");
    assert!(found.contains("loopback address"), "{found}");
    assert!(fix.contains("still works"));
}

#[tokio::test]
async fn a_clock_off_is_named() {
    let url = serve(Faults {
        clock_offset_secs: -2 * 3600,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    let (found, fix) = failed(&report, "clock");
    assert!(found.contains("ahead of the server's"), "{found}");
    assert!(found.contains("tokens look expired"), "{found}");
    assert!(fix.contains("automatically"));

    let url = serve(Faults {
        clock_offset_secs: 3600,
        ..Faults::default()
    })
    .await;
    let report = diagnose(&url, &options()).await;
    assert!(failed(&report, "clock").0.contains("behind the server's"));
}

#[tokio::test]
async fn scopes_granted_short_of_those_asked_are_named() {
    let url = serve(Faults::default()).await;
    let mut opts = options();
    opts.last_login = Some(ScopesSeen {
        asked: vec!["mcp:read".into(), "mcp:write".into()],
        granted: Some(vec!["mcp:read".into()]),
    });
    let report = diagnose(&url, &opts).await;
    let (found, fix) = failed(&report, "scopes");
    assert!(found.contains("missing mcp:write"), "{found}");
    assert!(fix.contains("log in again"));
}

struct FailingAudit;

#[async_trait]
impl DeploymentAudit for FailingAudit {
    async fn audit(&self, _url: &Url) -> Option<Vec<DoctorCheck>> {
        Some(vec![DoctorCheck {
            id: "secrets".into(),
            title: "Worker secrets".into(),
            status: CheckStatus::Fail,
            found: "ACCESS_CLIENT_SECRET is missing".into(),
            fix: Some("Run setup again.".into()),
        }])
    }
}

#[tokio::test]
async fn a_deployment_audit_is_run_through_its_seam() {
    let url = serve(Faults::default()).await;
    let mut opts = options();
    opts.audit = Some(Arc::new(FailingAudit));
    let report = diagnose(&url, &opts).await;
    let (found, fix) = failed(&report, "audit");
    assert!(found.contains("ACCESS_CLIENT_SECRET is missing"));
    assert_eq!(fix, "Run setup again.");
}

#[tokio::test]
async fn not_a_web_address_is_named() {
    let report = diagnose("mcp.example.com", &options()).await;
    let (found, fix) = failed(&report, "url");
    assert!(found.contains("not a web address"));
    assert!(fix.contains("https://"));
    let _ = fixture("ca.pem");
}
