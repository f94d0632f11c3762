//! The steps on Access's side before the application: the login method and the policy.

use gatehouse_cloudflare::NewPolicy;
use gatehouse_ipc::AllowedUsers;

use super::run::{done, skipped, Outcome, Run};
use crate::input;
use crate::state::{AccessChoice, Resource};
use crate::{ProvisionError, Result};

/// The name of the login method setup adds when the account has none.
const ONE_TIME_PIN: &str = "One-time PIN";

impl Run<'_> {
    pub(super) async fn identity_provider(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(idp) = &state.identity_provider {
            return done(format!("Using {} (recorded).", idp.name));
        }
        let add_pin = matches!(
            state.access,
            AccessChoice::Automatic {
                add_one_time_pin: true,
                ..
            }
        );
        let existing = self.api.list_identity_providers(&state.account_id).await?;
        // The one-time PIN an interrupted run added (its create marked as sent, the answer never
        // recorded) is this deployment's, so teardown names it among what it leaves.
        let ours = state.sent.identity_provider.as_deref().and_then(|sent| {
            existing
                .iter()
                .find(|p| p.name == sent && p.kind == "onetimepin")
        });
        let record = if let Some(found) = ours {
            Resource {
                id: found.id.clone(),
                name: found.name.clone(),
                created: true,
            }
        } else if let Some(first) = existing.first() {
            let names: Vec<&str> = existing.iter().map(|p| p.name.as_str()).collect();
            Resource {
                id: first.id.clone(),
                name: names.join(", "),
                created: false,
            }
        } else if add_pin {
            self.record(|s| s.sent.identity_provider = Some(ONE_TIME_PIN.into()))
                .await?;
            let pin = self
                .api
                .create_one_time_pin(&state.account_id, ONE_TIME_PIN)
                .await?;
            Resource {
                id: pin.id,
                name: pin.name,
                created: true,
            }
        } else {
            return Err(ProvisionError::invalid(
                "The account has no login method for Access.",
                "Choose \"Add Cloudflare's one-time PIN login\", or add a login method under Zero Trust → Settings → Authentication, then Retry.",
            ));
        };
        let detail = if ours.is_some() {
            format!(
                "Found the login method {} that an interrupted run added.",
                record.name
            )
        } else if record.created {
            format!("Added the login method {}.", record.name)
        } else {
            format!("Users log in with {}.", record.name)
        };
        self.record(|s| {
            s.identity_provider = Some(record);
            s.sent.identity_provider = None;
        })
        .await?;
        done(detail)
    }

    pub(super) async fn policy(&self) -> Result<Outcome> {
        let state = self.snapshot().await;
        if let Some(policy) = &state.policy {
            return done(format!("Using the policy \"{}\" (recorded).", policy.name));
        }
        let AccessChoice::Automatic { allowed, .. } = &state.access else {
            return skipped("The Access application was made in the dashboard.");
        };
        let policies = self.api.list_policies(&state.account_id).await?;
        if let AllowedUsers::ExistingPolicy { policy_id } = allowed {
            let Some(found) = policies.iter().find(|p| &p.id == policy_id) else {
                return Err(ProvisionError::invalid(
                    "The chosen Access policy no longer exists.",
                    "Pick another policy, or list who may log in, then Retry.",
                ));
            };
            let record = Resource {
                id: found.id.clone(),
                name: found.name.clone(),
                created: false,
            };
            let detail = format!("Using the existing policy \"{}\".", record.name);
            self.record(|s| s.policy = Some(record)).await?;
            return done(detail);
        }
        let rules = input::rules_for(allowed);
        let policy_name = self.name.policy_name();
        // A policy with our name and the same rules is this deployment's, from a run that was cut off.
        let record = match policies.iter().find(|p| p.name == policy_name) {
            Some(found) if input::same_rules(&found.include, &rules) => Resource {
                id: found.id.clone(),
                name: found.name.clone(),
                created: true,
            },
            Some(_) => {
                return Err(ProvisionError::NameTaken {
                    what: "An Access policy named",
                    name: policy_name,
                })
            }
            None => {
                let created = self
                    .api
                    .create_policy(
                        &state.account_id,
                        &NewPolicy {
                            name: policy_name,
                            include: rules.clone(),
                            session_duration: Some("24h".into()),
                        },
                    )
                    .await?;
                Resource {
                    id: created.id,
                    name: created.name,
                    created: true,
                }
            }
        };
        let detail = format!(
            "Policy \"{}\" lets in {}.",
            record.name,
            input::describe_rules(&rules)
        );
        self.record(|s| s.policy = Some(record)).await?;
        done(detail)
    }
}
