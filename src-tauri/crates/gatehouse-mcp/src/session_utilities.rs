//! The protocol's small utilities on an open session: completions, logging level, ping.
//! Logging is deprecated from 2026-07-28 on (SEP-2577) but servers that offer it still answer
//! `logging/setLevel`; Gatehouse sets a level only where the server declares logging.
#![allow(deprecated)]

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use gatehouse_ipc::{CompletionOutcome, CompletionTarget, PingOutcome};
use rmcp::model::{
    ArgumentInfo, ClientRequest, CompleteRequest, CompleteRequestParams, CompletionContext,
    LoggingLevel, PingRequest, Reference, ServerResult, SetLevelRequest, SetLevelRequestParams,
};
use serde_json::{json, Value};

use crate::session::to_json;
use crate::{now_ms, McpFailure, Result, Session};

/// The levels of `logging/setLevel`, lowest first.
pub const LOG_LEVELS: &[&str] = &[
    "debug",
    "info",
    "notice",
    "warning",
    "error",
    "critical",
    "alert",
    "emergency",
];

/// A level's name as the protocol spells it.
pub(crate) fn log_level(name: &str) -> Result<LoggingLevel> {
    serde_json::from_value(Value::String(name.to_string())).map_err(|_| {
        McpFailure::InvalidInput(format!(
            "“{name}” is not a logging level; choose one of {}",
            LOG_LEVELS.join(", ")
        ))
    })
}

/// The `completion/complete` params for what the user is typing.
pub(crate) fn completion_params(
    target: &CompletionTarget,
    argument: &str,
    value: &str,
    context: &BTreeMap<String, String>,
) -> CompleteRequestParams {
    let reference = match target {
        CompletionTarget::Prompt { name } => Reference::for_prompt(name.clone()),
        CompletionTarget::ResourceTemplate { uri_template } => {
            Reference::for_resource(uri_template.clone())
        }
    };
    let mut params = CompleteRequestParams::new(reference, ArgumentInfo::new(argument, value));
    // The argument being typed is no context for itself.
    let filled: HashMap<String, String> = context
        .iter()
        .filter(|(name, v)| name.as_str() != argument && !v.is_empty())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !filled.is_empty() {
        params.context = Some(CompletionContext::with_arguments(filled));
    }
    params
}

/// The suggestions in a `completion/complete` answer (the spec allows at most 100).
pub(crate) fn completion_outcome(value: &Value) -> Option<CompletionOutcome> {
    let completion = value.get("completion")?;
    let values = completion
        .get("values")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .take(100)
        .map(str::to_string)
        .collect();
    Some(CompletionOutcome {
        values,
        total: completion
            .get("total")
            .and_then(Value::as_u64)
            .and_then(|t| u32::try_from(t).ok()),
        has_more: completion
            .get("hasMore")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    })
}

impl Session {
    /// Asks the server to complete a prompt argument or template variable.
    pub async fn complete(
        &self,
        target: &CompletionTarget,
        argument: &str,
        value: &str,
        context: &BTreeMap<String, String>,
    ) -> Result<CompletionOutcome> {
        if !self.info().capabilities.completions {
            // Nothing to ask: the server offers no completions.
            return Ok(CompletionOutcome::default());
        }
        let params = completion_params(target, argument, value, context);
        let request = ClientRequest::CompleteRequest(CompleteRequest::new(params.clone()));
        let (result, _) = self
            .request("completion/complete", to_json(&params), request, None)
            .await?;
        let value = match result {
            ServerResult::CompleteResult(r) => to_json(&r),
            ServerResult::CustomResult(c) => c.0,
            _ => Value::Null,
        };
        completion_outcome(&value).ok_or_else(|| {
            McpFailure::Server("the server answered completion/complete with something else".into())
        })
    }

    /// Sets the level of the log messages the server sends.
    pub async fn set_log_level(&self, level: &str) -> Result<()> {
        if !self.info().capabilities.logging {
            return Err(McpFailure::InvalidInput(
                "this server does not offer log messages, so it has no level to set".into(),
            ));
        }
        let params = SetLevelRequestParams::new(log_level(level)?);
        let request = ClientRequest::SetLevelRequest(SetLevelRequest::new(params.clone()));
        self.request("logging/setLevel", to_json(&params), request, None)
            .await?;
        Ok(())
    }

    /// Pings the server; the round trip is measured around the request alone.
    pub async fn ping(&self) -> Result<PingOutcome> {
        let at = now_ms();
        let clock = Instant::now();
        let request = ClientRequest::PingRequest(PingRequest::default());
        self.request("ping", json!({}), request, None).await?;
        Ok(PingOutcome {
            round_trip_ms: clock.elapsed().as_millis() as u64,
            at,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_params_carry_the_filled_arguments_but_not_the_one_typed() {
        let context = BTreeMap::from([
            ("audience".to_string(), "auditor".to_string()),
            ("detail".to_string(), "th".to_string()),
            ("empty".to_string(), String::new()),
        ]);
        let params = completion_params(
            &CompletionTarget::Prompt {
                name: "explain_access".into(),
            },
            "detail",
            "th",
            &context,
        );
        let json = to_json(&params);
        assert_eq!(json["ref"]["type"], "ref/prompt");
        assert_eq!(json["ref"]["name"], "explain_access");
        assert_eq!(json["argument"], json!({ "name": "detail", "value": "th" }));
        assert_eq!(
            json["context"]["arguments"],
            json!({ "audience": "auditor" })
        );
    }

    #[test]
    fn a_template_variable_completes_against_the_template() {
        let params = completion_params(
            &CompletionTarget::ResourceTemplate {
                uri_template: "gatehouse://numbers/{n}".into(),
            },
            "n",
            "1",
            &BTreeMap::new(),
        );
        let json = to_json(&params);
        assert_eq!(json["ref"]["type"], "ref/resource");
        assert_eq!(json["ref"]["uri"], "gatehouse://numbers/{n}");
        assert!(json.get("context").is_none(), "{json}");
    }

    #[test]
    fn suggestions_are_read_and_bounded() {
        let many: Vec<String> = (0..150).map(|i| i.to_string()).collect();
        let outcome = completion_outcome(
            &json!({ "completion": { "values": many, "total": 150, "hasMore": true } }),
        )
        .unwrap();
        assert_eq!(outcome.values.len(), 100);
        assert_eq!(outcome.total, Some(150));
        assert!(outcome.has_more);
        assert!(completion_outcome(&json!({ "other": 1 })).is_none());
    }

    #[test]
    fn every_protocol_level_is_accepted_and_others_refused() {
        for level in LOG_LEVELS {
            assert!(log_level(level).is_ok(), "{level}");
        }
        let refused = log_level("loud").unwrap_err().to_string();
        assert!(refused.contains("debug"), "{refused}");
    }
}
