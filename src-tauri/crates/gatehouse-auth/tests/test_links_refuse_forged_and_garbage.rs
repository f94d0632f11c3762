//! Property tests over the deep-link parser: nothing panics, nothing malformed is accepted, and a
//! well-formed callback round-trips exactly.

use gatehouse_auth::{AppLink, CallbackParams};
use proptest::prelude::*;

fn refused(link: String) -> bool {
    AppLink::parse(&link).is_err()
}

fn param() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._~-]{1,64}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = AppLink::parse(&text);
    }

    #[test]
    fn arbitrary_links_in_our_scheme_never_panic(tail in ".{0,300}") {
        let _ = AppLink::parse(&format!("dev.gatehouse.app:{tail}"));
    }

    #[test]
    fn a_well_formed_callback_round_trips(code in param(), state in param()) {
        let link = format!("dev.gatehouse.app:/oauth/callback?code={code}&state={state}");
        let parsed = AppLink::parse(&link).unwrap();
        prop_assert_eq!(parsed, AppLink::OAuthCallback(CallbackParams::Code { code, state, issuer: None }));
    }

    #[test]
    fn another_scheme_host_or_path_is_refused(code in param(), state in param(), scheme in "[a-z]{1,10}", path in "/[a-z]{1,10}") {
        prop_assume!(scheme != "dev");
        let query = format!("code={code}&state={state}");
        assert!(refused(format!("{scheme}:/oauth/callback?{query}")));
        assert!(refused(format!("dev.gatehouse.app://evil.example/oauth/callback?{query}")));
        prop_assume!(path != "/oauth");
        assert!(refused(format!("dev.gatehouse.app:{path}?{query}")));
    }

    #[test]
    fn a_missing_or_repeated_parameter_is_refused(code in param(), state in param(), other in param()) {
        assert!(refused(format!("dev.gatehouse.app:/oauth/callback?code={code}")));
        assert!(refused(format!("dev.gatehouse.app:/oauth/callback?state={state}")));
        assert!(refused(format!("dev.gatehouse.app:/oauth/callback?code={code}&state={state}&state={other}")));
        assert!(refused(format!("dev.gatehouse.app:/oauth/callback?code={code}&code={other}&state={state}")));
    }

    #[test]
    fn control_characters_are_refused(code in param(), state in param(), c in 0u8..0x20) {
        assert!(refused(format!("dev.gatehouse.app:/oauth/callback?code={code}%{c:02X}&state={state}")));
    }
}

#[test]
fn an_oversized_link_is_refused_before_parsing() {
    let link = format!(
        "dev.gatehouse.app:/oauth/callback?code={}&state=s",
        "a".repeat(10_000)
    );
    assert!(AppLink::parse(&link).is_err());
}
