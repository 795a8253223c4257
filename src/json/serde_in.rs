//! serde on the crate's own reader: a [`Value`] can be deserialised from any serde format
//! (`serde_json`, TOML, YAML...), and the input types' `Deserialize` is "read a `Value`,
//! then read it with [`FromJson`]", so serde and the npm package share one reading rule
//! (the same keys, unknown keys kept, every type error named by its field).
//!
//! Nothing here is reachable from the npm package's engine, which reads JSON text with
//! [`super::from_json`]: the linker drops it from the .wasm.

use crate::prelude::*;

use super::{Foreign, FromJson, Number, Path, Reader, Value};
use core::fmt;
use serde::de::{self, Deserialize as _, Deserializer, MapAccess, SeqAccess, Visitor};

/// Any self-describing serde value, kept in order (repeated keys too, as [`super::parse`]
/// keeps them). A non-finite float becomes the matching [`Foreign`] value, which every
/// typed read refuses at its path.
impl<'de> de::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(Number::from_checked(&v.to_string())))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(Number::from_checked(&v.to_string())))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(if v.is_nan() {
            Value::Foreign(Foreign::NaN)
        } else if v == f64::INFINITY {
            Value::Foreign(Foreign::Infinity)
        } else if v == f64::NEG_INFINITY {
            Value::Foreign(Foreign::NegativeInfinity)
        } else {
            // `Display` of a finite double is `-?digits(.digits)?`, the shortest text that
            // reads back as the same double: JSON number grammar.
            Value::Number(Number::from_checked(&v.to_string()))
        })
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        de::Deserialize::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Vec::new();
        while let Some((key, value)) = map.next_entry::<String, Value>()? {
            members.push((key, value));
        }
        Ok(Value::Object(members))
    }
}

/// `T` read from a serde value with the crate's reader ([`FromJson`]): the one way the
/// input types deserialise. Every type error found is in the error's text, each a
/// sentence that names its field (`to.phoneNumber must be a string, not a number`).
pub(crate) fn deserialize_with_reader<'de, D: Deserializer<'de>, T: FromJson>(deserializer: D) -> Result<T, D::Error> {
    let value = Value::deserialize(deserializer)?;
    let mut reader = Reader::default();
    let typed = T::from_json(&value, &Path::Root, &mut reader);
    let violations = reader.into_violations();
    match typed {
        Some(typed) if violations.is_empty() => Ok(typed),
        _ => Err(de::Error::custom(ViolationList(&violations))),
    }
}

/// Violations as one line of text, their sentences (which name their fields) joined by `; `.
pub(crate) struct ViolationList<'a>(pub(crate) &'a [crate::Violation]);

impl fmt::Display for ViolationList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(&v.message)?;
        }
        Ok(())
    }
}
