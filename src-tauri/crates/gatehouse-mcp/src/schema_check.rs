//! JSON Schema checks: tool arguments before sending, structured results after receiving.

use gatehouse_ipc::StructuredCheck;
use serde_json::Value;

use crate::{McpFailure, Result};

const MAX_ERRORS: usize = 20;

fn errors_against(schema: &Value, instance: &Value) -> std::result::Result<Vec<String>, String> {
    let validator = jsonschema::validator_for(schema).map_err(|e| e.to_string())?;
    Ok(validator
        .iter_errors(instance)
        .take(MAX_ERRORS)
        .map(|e| {
            let path = e.instance_path().to_string();
            if path.is_empty() {
                e.to_string()
            } else {
                format!("{path}: {e}")
            }
        })
        .collect())
}

/// Refuses arguments that do not match the tool's input schema, naming each problem.
/// A schema that cannot be compiled is not the user's fault: the arguments are sent as they are.
pub fn check_arguments(input_schema: &Value, arguments: &Value) -> Result<()> {
    if !arguments.is_object() {
        return Err(McpFailure::InvalidInput(
            "tool arguments must be a JSON object".into(),
        ));
    }
    match errors_against(input_schema, arguments) {
        Ok(errors) if errors.is_empty() => Ok(()),
        Ok(errors) => Err(McpFailure::InvalidInput(format!(
            "the arguments do not match the tool's input schema: {}",
            errors.join("; ")
        ))),
        Err(schema_error) => {
            tracing::warn!(%schema_error, "tool input schema does not compile; sending unchecked");
            Ok(())
        }
    }
}

/// Compares structured content with the tool's output schema.
pub fn check_structured(
    output_schema: Option<&Value>,
    structured: Option<&Value>,
) -> Option<StructuredCheck> {
    let schema = output_schema?;
    let Some(structured) = structured else {
        return Some(StructuredCheck::Missing);
    };
    Some(match errors_against(schema, structured) {
        Ok(errors) if errors.is_empty() => StructuredCheck::Valid,
        Ok(errors) => StructuredCheck::Invalid { errors },
        Err(schema_error) => StructuredCheck::Invalid {
            errors: vec![format!("the output schema is not valid: {schema_error}")],
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_what_is_wrong_with_the_arguments() {
        let schema = json!({"type":"object","properties":{"a":{"type":"number"}},"required":["a"]});
        assert!(check_arguments(&schema, &json!({"a": 1})).is_ok());
        let err = check_arguments(&schema, &json!({"a": "x"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("/a"), "{err}");
        assert!(check_arguments(&schema, &json!({})).is_err());
        assert!(check_arguments(&schema, &json!([1])).is_err());
    }

    #[test]
    fn checks_structured_content() {
        let schema =
            json!({"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]});
        assert!(matches!(
            check_structured(Some(&schema), Some(&json!({"sum": 3}))),
            Some(StructuredCheck::Valid)
        ));
        assert!(matches!(
            check_structured(Some(&schema), Some(&json!({"sum": "3"}))),
            Some(StructuredCheck::Invalid { .. })
        ));
        assert!(matches!(
            check_structured(Some(&schema), None),
            Some(StructuredCheck::Missing)
        ));
        assert!(check_structured(None, Some(&json!(1))).is_none());
    }
}
