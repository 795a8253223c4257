//! The hand-written JSON reader and writer (src/json/) against serde_json and std, on
//! arbitrary input: same acceptance, same values, same bytes out.
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)

use proptest::prelude::*;
use whautomate::json::{parse, parse_f64, write_f64, write_str, Value};

/// serde_json's value, converted to ours (numbers as f64, as JavaScript has them).
fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(from_serde).collect()),
        serde_json::Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect()),
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| serde_json::json!(f)),
        any::<i64>().prop_map(|i| serde_json::json!(i)),
        any::<String>().prop_map(serde_json::Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            // Distinct keys: serde_json's map would merge repeats, ours keeps them in order.
            prop::collection::btree_map("[a-zA-Z_]{0,6}", inner, 0..8).prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2048)))]

    #[test]
    fn every_shortest_form_double_reads_back_exactly(bits in any::<u64>()) {
        let f = f64::from_bits(bits);
        prop_assume!(f.is_finite());
        for text in [zmij::Buffer::new().format_finite(f).to_string(), format!("{f:e}"), format!("{f:E}")] {
            let got = parse_f64(&text).unwrap();
            prop_assert_eq!(got.to_bits(), f.to_bits(), "{}", text);
        }
    }

    #[test]
    fn any_decimal_reads_within_12_ulp_of_std(int in "-?[0-9]{1,25}", frac in "[0-9]{0,25}", exp in -330i32..330) {
        let text = if frac.is_empty() { format!("{int}e{exp}") } else { format!("{int}.{frac}e{exp}") };
        let expected: f64 = text.parse().unwrap();
        match parse_f64(&text) {
            Some(got) if expected.is_finite() => {
                let ulps = (got.to_bits() as i64 - expected.to_bits() as i64).unsigned_abs();
                // Up to 15 digits is the exact fast path; longer text is not what JSON.stringify writes.
                let exact = int.trim_start_matches('-').trim_start_matches('0').len() + frac.len() <= 15 && exp.abs() <= 22;
                prop_assert!(if exact { ulps == 0 } else { ulps <= 12 } || (got == 0.0 && expected.abs() < 1e-300), "{text}: {got} vs {expected}");
            }
            None => prop_assert!(!expected.is_finite(), "{text} refused but std reads {expected}"),
            Some(got) => prop_assert!(false, "{text}: {got}, std: {expected}"),
        }
    }

    #[test]
    fn documents_read_as_serde_json_reads_them(v in json_value()) {
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(parse(&text).unwrap(), from_serde(&v));
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(parse(&pretty).unwrap(), from_serde(&v));
    }

    #[test]
    fn acceptance_matches_serde_json_on_arbitrary_text(text in r#"[\[\]{}",:0-9eE.+\-a-z\\ ]{0,40}"#) {
        let ours = parse(&text).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(&text).is_ok();
        prop_assert_eq!(ours, theirs, "{:?}", text);
    }

    #[test]
    fn strings_and_floats_are_written_as_serde_json_writes_them(s in any::<String>(), bits in any::<u64>()) {
        let mut out = String::new();
        write_str(&mut out, &s);
        prop_assert_eq!(&out, &serde_json::to_string(&s).unwrap());
        let f = f64::from_bits(bits);
        prop_assume!(f.is_finite());
        let mut out = String::new();
        write_f64(&mut out, f);
        prop_assert_eq!(out, serde_json::to_string(&f).unwrap());
    }
}
