//! Checks what the user asked for before anything is sent to Cloudflare.

use gatehouse_cloudflare::AccessRule;
use gatehouse_ipc::{AccessSetup, AllowedUsers, SetupInput};

use crate::names::DeploymentName;
use crate::state::AccessChoice;
use crate::{oidc, ProvisionError, Result};

/// A setup request that passed every check.
pub struct CheckedInput {
    pub name: DeploymentName,
    pub account_id: String,
    pub access: AccessChoice,
    /// For the manual path: the pasted client secret, on its way to the keychain.
    pub manual_client_secret: Option<gatehouse_auth::Sensitive<String>>,
}

pub fn check(input: &SetupInput) -> Result<CheckedInput> {
    let name = DeploymentName::parse(input.name.trim())?;
    let account_id = input.account_id.trim().to_string();
    if account_id.is_empty() || !account_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(ProvisionError::invalid(
            "No Cloudflare account is chosen.",
            "Choose the account to set up in.",
        ));
    }
    let (access, manual_client_secret) = match &input.access {
        AccessSetup::Automatic {
            allowed,
            refresh_tokens,
            add_one_time_pin,
        } => (
            AccessChoice::Automatic {
                allowed: check_allowed(allowed)?,
                refresh_tokens: *refresh_tokens,
                add_one_time_pin: *add_one_time_pin,
            },
            None,
        ),
        AccessSetup::Manual(manual) => {
            let client_id = manual.client_id.trim();
            if client_id.is_empty() || client_id.chars().any(char::is_whitespace) {
                return Err(ProvisionError::invalid(
                    "The Client ID is missing.",
                    "Copy the Client ID from the application's page in the Zero Trust dashboard.",
                ));
            }
            if manual.client_secret.trim().is_empty() {
                return Err(ProvisionError::invalid(
                    "The Client secret is missing.",
                    "Copy the Client secret from the application's page in the Zero Trust dashboard.",
                ));
            }
            oidc::discovery_url(&manual.discovery_url)?;
            (
                AccessChoice::Manual {
                    client_id: client_id.to_string(),
                    discovery_url: manual.discovery_url.trim().to_string(),
                },
                Some(gatehouse_auth::Sensitive::new(
                    manual.client_secret.trim().to_string(),
                )),
            )
        }
    };
    Ok(CheckedInput {
        name,
        account_id,
        access,
        manual_client_secret,
    })
}

fn check_allowed(allowed: &AllowedUsers) -> Result<AllowedUsers> {
    match allowed {
        AllowedUsers::Emails { emails } => {
            let mut clean: Vec<String> = Vec::new();
            for email in emails.iter().map(|e| e.trim().to_ascii_lowercase()) {
                if email.is_empty() {
                    continue;
                }
                if !is_email(&email) {
                    return Err(ProvisionError::invalid(
                        format!("\"{email}\" is not an email address."),
                        "Enter addresses like ada@example.com.",
                    ));
                }
                if !clean.contains(&email) {
                    clean.push(email);
                }
            }
            if clean.is_empty() {
                return Err(ProvisionError::invalid(
                    "Nobody would be allowed to log in.",
                    "Add at least one email address, or allow an email domain.",
                ));
            }
            Ok(AllowedUsers::Emails { emails: clean })
        }
        AllowedUsers::Domain { domain } => {
            let domain = domain.trim().trim_start_matches('@').to_ascii_lowercase();
            if !is_domain(&domain) {
                return Err(ProvisionError::invalid(
                    format!("\"{domain}\" is not an email domain."),
                    "Enter the part after the @, like example.com.",
                ));
            }
            Ok(AllowedUsers::Domain { domain })
        }
        AllowedUsers::ExistingPolicy { policy_id } => {
            if policy_id.trim().is_empty() {
                return Err(ProvisionError::invalid(
                    "No policy is chosen.",
                    "Pick one of the account's reusable policies, or list who may log in.",
                ));
            }
            Ok(allowed.clone())
        }
    }
}

fn is_domain(domain: &str) -> bool {
    domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn is_email(email: &str) -> bool {
    match email.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !local.chars().any(|c| c.is_whitespace() || c == '@')
                && is_domain(domain)
        }
        None => false,
    }
}

/// A policy chosen for the deployment must let users in: a deny, bypass or non-identity policy
/// would refuse every login, or let everyone through without one.
pub fn check_existing_policy(policy: &gatehouse_cloudflare::AccessPolicy) -> Result<()> {
    if policy.decision == "allow" {
        return Ok(());
    }
    Err(ProvisionError::invalid(
        format!(
            "The policy \"{}\" does not allow users in (its action is {}).",
            policy.name, policy.decision
        ),
        "Choose a policy whose action is Allow, or list who may log in.",
    ))
}

/// The Access rules that let these users in.
pub fn rules_for(allowed: &AllowedUsers) -> Vec<AccessRule> {
    match allowed {
        AllowedUsers::Emails { emails } => emails
            .iter()
            .map(|email| AccessRule::email(email.clone()))
            .collect(),
        AllowedUsers::Domain { domain } => vec![AccessRule::email_domain(domain.clone())],
        AllowedUsers::ExistingPolicy { .. } => Vec::new(),
    }
}

/// Who a policy lets in, in words.
pub fn describe_rules(rules: &[AccessRule]) -> String {
    let parts: Vec<String> = rules
        .iter()
        .map(|rule| match rule {
            AccessRule::Email { email } => email.clone(),
            AccessRule::EmailDomain { domain } => format!("anyone @{domain}"),
            AccessRule::Everyone => "everyone".into(),
            AccessRule::Other(_) => "other rules".into(),
        })
        .collect();
    if parts.is_empty() {
        "nobody".into()
    } else {
        parts.join(", ")
    }
}

/// Whether two rule lists let in the same users (order and duplicates aside).
pub fn same_rules(a: &[AccessRule], b: &[AccessRule]) -> bool {
    let key = |rules: &[AccessRule]| {
        let mut keys: Vec<String> = rules
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default())
            .collect();
        keys.sort();
        keys.dedup();
        keys
    };
    key(a) == key(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use gatehouse_ipc::ManualAccess;

    fn input(access: AccessSetup) -> SetupInput {
        SetupInput {
            name: "team".into(),
            account_id: "abc123".into(),
            access,
        }
    }

    fn emails(list: &[&str]) -> AccessSetup {
        AccessSetup::Automatic {
            allowed: AllowedUsers::Emails {
                emails: list.iter().map(|s| s.to_string()).collect(),
            },
            refresh_tokens: true,
            add_one_time_pin: true,
        }
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_deduplicated() {
        let checked = check(&input(emails(&[" Ada@Example.com", "ada@example.com", ""]))).unwrap();
        match checked.access {
            AccessChoice::Automatic {
                allowed: AllowedUsers::Emails { emails },
                ..
            } => assert_eq!(emails, vec!["ada@example.com"]),
            _ => panic!("unexpected"),
        }
    }

    #[test]
    fn bad_input_is_refused_with_a_fix() {
        for bad in [
            emails(&[]),
            emails(&["not-an-email"]),
            emails(&["a@b"]),
            AccessSetup::Automatic {
                allowed: AllowedUsers::Domain {
                    domain: "exa mple.com".into(),
                },
                refresh_tokens: false,
                add_one_time_pin: false,
            },
            AccessSetup::Manual(ManualAccess {
                client_id: "id".into(),
                client_secret: "".into(),
                discovery_url: "https://t.cloudflareaccess.com/x".into(),
            }),
            AccessSetup::Manual(ManualAccess {
                client_id: "id".into(),
                client_secret: "s".into(),
                discovery_url: "http://t.cloudflareaccess.com/x".into(),
            }),
        ] {
            let e = check(&input(bad)).err().expect("refused");
            assert!(gatehouse_ipc::IpcError::from(e).fix.is_some());
        }
        let mut bad_name = input(emails(&["a@b.co"]));
        bad_name.name = "Team!".into();
        assert!(check(&bad_name).is_err());
    }

    #[test]
    fn rules_compare_as_sets() {
        let a = rules_for(&AllowedUsers::Emails {
            emails: vec!["a@x.io".into(), "b@x.io".into()],
        });
        let b = rules_for(&AllowedUsers::Emails {
            emails: vec!["b@x.io".into(), "a@x.io".into()],
        });
        assert!(same_rules(&a, &b));
        assert_eq!(describe_rules(&a), "a@x.io, b@x.io");
    }
}
