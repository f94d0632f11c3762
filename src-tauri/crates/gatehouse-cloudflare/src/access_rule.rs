//! Access rules (`access_rule` in the contract, 19 kinds): the three Gatehouse makes, typed, and
//! every other kind kept as it came, so reading an existing policy never fails or loses a rule.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Map, Value};

/// Who a policy includes. On the wire: `{"email":{"email":…}}`, `{"email_domain":{"domain":…}}`,
/// `{"everyone":{}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessRule {
    /// One email address.
    Email { email: String },
    /// Every address at this domain (without `@`).
    EmailDomain { domain: String },
    /// Anyone who can log in with an allowed login method.
    Everyone,
    /// A kind Gatehouse does not make (groups, IP ranges, …), as Cloudflare sent it.
    Other(Value),
}

impl AccessRule {
    pub fn email(email: impl Into<String>) -> Self {
        Self::Email {
            email: email.into(),
        }
    }

    pub fn email_domain(domain: impl Into<String>) -> Self {
        Self::EmailDomain {
            domain: domain.into(),
        }
    }

    pub fn everyone() -> Self {
        Self::Everyone
    }

    /// The rule as the API spells it.
    pub fn to_json(&self) -> Value {
        match self {
            Self::Email { email } => json!({"email": {"email": email}}),
            Self::EmailDomain { domain } => json!({"email_domain": {"domain": domain}}),
            Self::Everyone => json!({"everyone": {}}),
            Self::Other(value) => value.clone(),
        }
    }

    /// Reads one rule; kinds other than the three typed ones (or odd shapes of them) become
    /// `Other`.
    pub fn from_json(value: Value) -> Self {
        let typed = value.as_object().filter(|o| o.len() == 1).and_then(|o| {
            let (kind, inner) = o.iter().next()?;
            let field = |name: &str| inner.get(name)?.as_str().map(str::to_string);
            match kind.as_str() {
                "email" => field("email").map(|email| Self::Email { email }),
                "email_domain" => field("domain").map(|domain| Self::EmailDomain { domain }),
                "everyone" if inner.as_object().is_some_and(Map::is_empty) => Some(Self::Everyone),
                _ => None,
            }
        });
        typed.unwrap_or(Self::Other(value))
    }
}

impl Serialize for AccessRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for AccessRule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Self::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::AccessRule;
    use serde_json::{json, Value};

    fn read(v: Value) -> AccessRule {
        serde_json::from_value(v).expect("any JSON is a rule")
    }

    #[test]
    fn the_three_kinds_are_written_as_cloudflare_spells_them() {
        let write = |r: AccessRule| serde_json::to_value(r).expect("serialises");
        assert_eq!(
            write(AccessRule::email("a@b.c")),
            json!({"email": {"email": "a@b.c"}})
        );
        assert_eq!(
            write(AccessRule::email_domain("b.c")),
            json!({"email_domain": {"domain": "b.c"}})
        );
        assert_eq!(write(AccessRule::Everyone), json!({"everyone": {}}));
    }

    #[test]
    fn the_three_kinds_are_read_back() {
        for rule in [
            AccessRule::email("x@y.z"),
            AccessRule::email_domain("y.z"),
            AccessRule::Everyone,
        ] {
            assert_eq!(read(rule.to_json()), rule);
        }
        let rules: Vec<AccessRule> =
            serde_json::from_str(r#"[{"email":{"email":"a@b.c"}},{"everyone":{}}]"#).expect("list");
        assert_eq!(
            rules,
            vec![AccessRule::email("a@b.c"), AccessRule::Everyone]
        );
    }

    #[test]
    fn other_kinds_and_odd_shapes_are_kept_as_they_came() {
        for other in [
            json!({"group": {"id": "g"}}),
            json!({"ip": {"ip": "10.0.0.0/8"}}),
            json!({"email": {"email": 5}}),
            json!({"email": {"email": "a@b.c"}, "ip": {"ip": "1.2.3.4"}}),
            json!({"everyone": {"extra": true}}),
            json!("not an object"),
        ] {
            let rule = read(other.clone());
            assert_eq!(rule, AccessRule::Other(other.clone()));
            assert_eq!(serde_json::to_value(&rule).expect("serialises"), other);
        }
    }
}
