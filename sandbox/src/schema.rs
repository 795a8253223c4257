//! Request-body validation against the repository's OpenAPI document.
//!
//! `openapi/messages.yaml` is embedded at compile time, so the binary is
//! self-contained. At startup each operation's request-body schema is turned into a
//! plain JSON Schema (OpenAPI 3.0 schema objects are a dialect of it) and compiled
//! with the `jsonschema` crate. None of this shares code with the SDK's validation:
//! the sandbox judges requests only by the document, so the two can disagree.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// The OpenAPI document, as written in the repository.
pub const OPENAPI_YAML: &str = include_str!("../../openapi/messages.yaml");

/// OpenAPI-only keywords that mean nothing to a JSON Schema validator.
const OPENAPI_ONLY: &[&str] = &[
    "nullable",
    "example",
    "examples",
    "discriminator",
    "xml",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords whose value is a single subschema.
const ONE_SUBSCHEMA: &[&str] = &["items", "not", "additionalProperties"];
/// Keywords whose value is a list of subschemas.
const LIST_OF_SUBSCHEMAS: &[&str] = &["allOf", "oneOf", "anyOf"];

/// Compiled request-body validators, one per `(METHOD, path)` operation.
pub struct Schemas {
    validators: HashMap<(String, String), jsonschema::Validator>,
}

impl std::fmt::Debug for Schemas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Schemas")
            .field("operations", &self.validators.len())
            .finish()
    }
}

impl Schemas {
    /// Loads and compiles the embedded document.
    pub fn embedded() -> Result<Self, String> {
        Self::from_yaml(OPENAPI_YAML)
    }

    /// Loads and compiles an OpenAPI 3.0 document given as YAML (or JSON) text.
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        let doc: Value =
            serde_norway::from_str(text).map_err(|e| format!("openapi document: {e}"))?;
        let paths = doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("openapi document has no paths")?;
        let mut validators = HashMap::new();
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                let Some(schema) = op.pointer("/requestBody/content/application~1json/schema")
                else {
                    continue;
                };
                let json_schema = to_json_schema(&doc, schema, 0)
                    .map_err(|e| format!("{} {path}: {e}", method.to_uppercase()))?;
                let validator = jsonschema::draft7::new(&json_schema).map_err(|e| {
                    format!(
                        "{} {path}: schema does not compile: {e}",
                        method.to_uppercase()
                    )
                })?;
                validators.insert((method.to_uppercase(), path.clone()), validator);
            }
        }
        Ok(Schemas { validators })
    }

    /// Number of operations that have a request-body schema.
    pub fn len(&self) -> usize {
        self.validators.len()
    }

    /// True when no operation has a request-body schema.
    pub fn is_empty(&self) -> bool {
        self.validators.is_empty()
    }

    /// Validates `body` for the operation `method path` (the path as written in the
    /// document, e.g. `/v1/messages/whatsapp/sendtext`). Returns every violation as a
    /// readable sentence with its JSON pointer; an empty list means valid. An
    /// operation the document does not describe is reported as a violation.
    pub fn validate(&self, method: &str, path: &str, body: &Value) -> Vec<String> {
        let Some(v) = self
            .validators
            .get(&(method.to_uppercase(), path.to_string()))
        else {
            return vec![format!("no request schema for {method} {path}")];
        };
        v.iter_errors(body)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() { "/".to_string() } else { at };
                format!("{at}: {e}")
            })
            .collect()
    }
}

/// Converts an OpenAPI 3.0 schema object into a self-contained JSON Schema:
/// local `$ref`s are inlined (the document's schemas form no cycles; `depth` guards
/// against one anyway), `nullable: true` becomes a `null` alternative, and
/// OpenAPI-only keywords are dropped.
fn to_json_schema(doc: &Value, schema: &Value, depth: usize) -> Result<Value, String> {
    if depth > 32 {
        return Err("schema nesting too deep (a $ref cycle?)".into());
    }
    let Some(obj) = schema.as_object() else {
        // `true`/`false` schemas, e.g. `additionalProperties: false`.
        return Ok(schema.clone());
    };
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        let pointer = reference
            .strip_prefix('#')
            .ok_or_else(|| format!("only local $refs are supported: {reference}"))?;
        let target = doc
            .pointer(pointer)
            .ok_or_else(|| format!("unresolved $ref {reference}"))?;
        return to_json_schema(doc, target, depth + 1);
    }
    let mut out = Map::new();
    for (key, value) in obj {
        if OPENAPI_ONLY.contains(&key.as_str()) {
            continue;
        }
        let converted = if key == "properties" {
            let mut props = Map::new();
            for (name, sub) in value.as_object().into_iter().flatten() {
                props.insert(name.clone(), to_json_schema(doc, sub, depth + 1)?);
            }
            Value::Object(props)
        } else if ONE_SUBSCHEMA.contains(&key.as_str()) {
            to_json_schema(doc, value, depth + 1)?
        } else if LIST_OF_SUBSCHEMAS.contains(&key.as_str()) {
            let list = value
                .as_array()
                .ok_or_else(|| format!("{key} must be a list"))?;
            Value::Array(
                list.iter()
                    .map(|s| to_json_schema(doc, s, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        } else {
            value.clone()
        };
        out.insert(key.clone(), converted);
    }
    if obj.get("nullable") == Some(&Value::Bool(true)) {
        if let Some(Value::String(t)) = out.get("type").cloned() {
            out.insert("type".into(), serde_json::json!([t, "null"]));
        }
        if let Some(Value::Array(values)) = out.get_mut("enum") {
            values.push(Value::Null);
        }
    }
    Ok(Value::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn embedded_document_has_twelve_send_bodies() {
        let s = Schemas::embedded().unwrap();
        assert_eq!(s.len(), 12);
    }

    #[test]
    fn nullable_and_refs_are_converted() {
        let doc = json!({"components": {"schemas": {"A": {"type": "string", "nullable": true, "example": "x"}}}});
        let out = to_json_schema(&doc, &json!({"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}, "example": {"type": "string"}}}), 0).unwrap();
        assert_eq!(
            out,
            json!({"type": "object", "properties": {"a": {"type": ["string", "null"]}, "example": {"type": "string"}}})
        );
    }

    #[test]
    fn reports_each_violation() {
        let s = Schemas::embedded().unwrap();
        let errs = s.validate(
            "POST",
            "/v1/messages/telegram/sendtext",
            &json!({"contact": {"id": 1}, "extra": true}),
        );
        assert!(errs.len() >= 3, "{errs:?}");
        assert!(s
            .validate(
                "POST",
                "/v1/messages/telegram/sendtext",
                &json!({"contact": {"id": "c"}, "textMessage": "hi"})
            )
            .is_empty());
    }
}
