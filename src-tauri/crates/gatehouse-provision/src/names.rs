//! A deployment's name, and the names of the Cloudflare resources derived from it.

use crate::ProvisionError;

/// A checked deployment name: also the Worker's script name, so it follows Cloudflare's script-name
/// rule, and a DNS label (`<name>.<subdomain>.workers.dev`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentName(String);

pub const DEFAULT_DEPLOYMENT_NAME: &str = "gatehouse-mcp";

impl DeploymentName {
    pub fn parse(name: &str) -> Result<Self, ProvisionError> {
        let ok = !name.is_empty()
            && name.len() <= 63
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !name.starts_with('-')
            && !name.ends_with('-');
        if ok {
            Ok(Self(name.to_string()))
        } else {
            Err(ProvisionError::InvalidInput {
                message: format!("\"{name}\" cannot be a deployment name."),
                fix: "Use 1 to 63 lowercase letters, digits and dashes, not starting or ending with a dash (it becomes part of the Worker's URL).".into(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The Worker script.
    pub fn script(&self) -> &str {
        &self.0
    }

    /// The KV namespace holding the Worker's OAuth state.
    pub fn kv_title(&self) -> String {
        format!("{}-oauth", self.0)
    }

    /// The reusable Access policy setup creates.
    pub fn policy_name(&self) -> String {
        format!("{} users", self.0)
    }

    /// The Access for SaaS application.
    pub fn app_name(&self) -> String {
        format!("Gatehouse {}", self.0)
    }
}

impl std::fmt::Display for DeploymentName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::DeploymentName;

    #[test]
    fn names_follow_the_script_and_dns_rules() {
        for good in ["gatehouse-mcp", "a", "team1", &"x".repeat(63)] {
            assert!(DeploymentName::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "A",
            "a_b",
            "a.b",
            "a b",
            "ü",
            &"x".repeat(64),
            "../x",
        ] {
            assert!(DeploymentName::parse(bad).is_err(), "{bad}");
        }
        let n = DeploymentName::parse("team").unwrap();
        assert_eq!(n.kv_title(), "team-oauth");
        assert_eq!(n.policy_name(), "team users");
    }
}
