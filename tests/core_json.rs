//! The hand-written JSON reader and writer (src/json/) against `serde_json` and std, on
//! arbitrary input: same acceptance, same values, same bytes out. Numbers are kept as
//! decimal text (`json::Number`); their exact comparisons and whole-number reading are
//! checked against what std's f64 and u64 say.
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)
// The reference model converts between f64 and the integers, and compares doubles
// exactly, on purpose: that is what it checks the decimal reader against.
#![allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_possible_wrap, clippy::cast_precision_loss, clippy::float_cmp)]

use std::cmp::Ordering;

use proptest::prelude::*;
use whautomate::__js::json::{from_json, mend_lone_surrogates, parse, parse_input, write_str, Number, Value};
use whautomate::model::{Coordinate, MessageInput};
use whautomate::request::prepare_input;
use whautomate::{ApiKey, BaseUrl};

/// `serde_json`'s value, converted to ours (numbers as the text `serde_json` writes them).
fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(Number::parse(&n.to_string()).unwrap()),
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

fn number(text: &str) -> Number {
    Number::parse(text).unwrap_or_else(|| panic!("{text:?} is a JSON number"))
}

/// The shortest round-trip texts of a finite double that JSON allows: std's `Display`
/// (no exponent, what `Coordinate::from_f64` writes) and `{:e}` / `{:E}` (the digits
/// JavaScript's `JSON.stringify` writes, with an exponent).
fn shortest_forms(f: f64) -> [String; 3] {
    [format!("{f}"), format!("{f:e}"), format!("{f:E}")]
}

/// Any finite double, with the ones next to the coordinate bounds and to whole numbers
/// well represented (uniform bits almost never land there).
fn interesting_f64() -> impl Strategy<Value = f64> {
    let near = |centre: f64| (-4i64..=4).prop_map(move |k| f64::from_bits((centre.to_bits() as i64).wrapping_add(k) as u64));
    prop_oneof![
        3 => any::<f64>().prop_filter("finite", |f| f.is_finite()),
        1 => prop_oneof![near(90.0), near(-90.0), near(180.0), near(-180.0), near(0.0), near(1.0), near(9_007_199_254_740_992.0), near(18_446_744_073_709_551_616.0)],
        1 => -200.0f64..200.0,
        1 => (0u64..=u64::MAX).prop_map(|n| n as f64),
    ]
    .prop_filter("finite", |f| f.is_finite()) // a step below 0.0's bits is a NaN
}

/// `digits × 10^exp` with the digits read off a JSON-shaped text, as an exact u64 when it
/// is one: a reference for `Number::to_u64` that works on strings and u128.
fn reference_u64(int: &str, frac: &str, exp: i64) -> Option<u64> {
    let mut digits: String = format!("{int}{frac}").trim_start_matches('0').to_string();
    let mut exp = exp - frac.len() as i64;
    while digits.ends_with('0') {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(0);
    }
    if exp < 0 || digits.len() as i64 + exp > 20 {
        return None;
    }
    let value: u128 = format!("{digits}{}", "0".repeat(exp as usize)).parse().unwrap();
    u64::try_from(value).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2048)))]

    /// Shortest forms keep the order of their doubles (each lies inside its double's
    /// rounding interval, and those do not overlap), so the exact comparison of the texts
    /// must agree with comparing the doubles, in every form, neighbours included.
    #[test]
    fn exact_comparison_agrees_with_f64_on_shortest_forms(a in interesting_f64(), b in interesting_f64(), step in -2i64..=2, forms in (0usize..3, 0usize..3)) {
        for (a, b) in [(a, b), (a, f64::from_bits((a.to_bits() as i64).wrapping_add(step) as u64))] {
            if !b.is_finite() {
                continue; // a step off the largest double or off ±0.0's bits
            }
            let (ta, tb) = (&shortest_forms(a)[forms.0], &shortest_forms(b)[forms.1]);
            prop_assert_eq!(number(ta).compare(&number(tb)), a.partial_cmp(&b).unwrap(), "{} vs {}", ta, tb);
        }
    }

    /// The range rule on text decides as the doubles would: `|f| <= bound`.
    #[test]
    fn coordinate_range_agrees_with_f64(f in interesting_f64()) {
        for (i, text) in shortest_forms(f).iter().enumerate() {
            let c = Coordinate::parse(text).unwrap();
            prop_assert_eq!(c.is_within(90), f.abs() <= 90.0, "{}", text);
            prop_assert_eq!(c.is_within(180), f.abs() <= 180.0, "{}", text);
            if i == 0 {
                prop_assert_eq!(&c, &Coordinate::from_f64(f));
            }
            // Rust's side of the coordinate reads back the very double.
            prop_assert_eq!(c.as_f64().to_bits(), f.to_bits(), "{}", text);
        }
    }

    /// A whole double below 2^64 is read as the integer its shortest form spells (the
    /// double itself when below 2^53); a fraction, a negative or a larger value is not.
    #[test]
    fn whole_numbers_agree_with_f64(f in interesting_f64()) {
        for text in shortest_forms(f) {
            let got = number(&text).to_u64();
            if f == 0.0 {
                prop_assert_eq!(got, Some(0), "{}", text);
            } else if f > 0.0 && f.fract() == 0.0 && f < 18_446_744_073_709_551_616.0 {
                let n = got.unwrap_or_else(|| panic!("{text} is whole"));
                prop_assert_eq!(n as f64, f, "{}", text);
                if f < 9_007_199_254_740_992.0 {
                    prop_assert_eq!(n, f as u64, "{}", text);
                }
            } else {
                prop_assert_eq!(got, None, "{}", text);
            }
        }
    }

    /// Any integer spelled any JSON way reads back exactly (no detour through a double:
    /// 2^53 + 1 stays itself).
    #[test]
    fn whole_numbers_agree_with_u64(v in any::<u64>(), zeros in 0usize..4, frac in "[1-9]{1,3}") {
        let pad = "0".repeat(zeros);
        prop_assert_eq!(number(&v.to_string()).to_u64(), Some(v));
        prop_assert_eq!(number(&format!("{v}.0{pad}")).to_u64(), Some(v));
        prop_assert_eq!(number(&format!("{v}{pad}e-{zeros}")).to_u64(), Some(v));
        prop_assert_eq!(number(&format!("{v}.{frac}")).to_u64(), None);
        prop_assert_eq!(number(&format!("-{v}")).to_u64(), if v == 0 { Some(0) } else { None });
        let scaled = u128::from(v) * 10u128.pow(zeros as u32);
        prop_assert_eq!(number(&format!("{v}e{zeros}")).to_u64(), u64::try_from(scaled).ok());
        prop_assert_eq!(number(&format!("{}", u128::from(v) + u128::from(u64::MAX) + 1)).to_u64(), None);
    }

    /// Arbitrary decimal texts (many digits, any exponent): exact reading against a
    /// string/u128 reference, and acceptance exactly where std reads a finite double.
    #[test]
    fn any_decimal_reads_exactly(int in "0|[1-9][0-9]{0,24}", frac in "[0-9]{0,25}", exp in -400i64..400, negative in any::<bool>()) {
        let sign = if negative { "-" } else { "" };
        let text = if frac.is_empty() { format!("{sign}{int}e{exp}") } else { format!("{sign}{int}.{frac}e{exp}") };
        let finite = text.parse::<f64>().unwrap().is_finite();
        match Number::parse(&text) {
            None => prop_assert!(!finite, "{} refused but std reads it", text),
            Some(n) => {
                prop_assert!(finite, "{} accepted but std reads infinity", text);
                let expected = reference_u64(&int, &frac, exp).filter(|v| !negative || *v == 0);
                prop_assert_eq!(n.to_u64(), expected, "{}", text);
            }
        }
    }

    /// Whatever JSON number text a coordinate arrives as, the wire body carries it byte
    /// for byte (no reformatting, so `JSON.stringify`'s shortest form goes out as it came).
    #[test]
    fn coordinates_go_to_the_wire_verbatim(lat in -90.0f64..=90.0, lng in -180.0f64..=180.0, forms in (0usize..3, 0usize..3)) {
        let (lat, lng) = (&shortest_forms(lat)[forms.0], &shortest_forms(lng)[forms.1]);
        let input: MessageInput = from_json(&format!(
            r#"{{"channel":"whatsapp","type":"template","to":{{"contactId":"c"}},"template":{{"name":"t","language":"en"}},"locationParameters":{{"latitude":{lat},"longitude":{lng}}}}}"#
        )).unwrap();
        let req = prepare_input(&input, &BaseUrl::default(), &ApiKey::new("k").unwrap(), Some("loc"), None).unwrap();
        let expected = format!(r#""locationParameters":{{"latitude":{lat},"longitude":{lng}}}"#);
        prop_assert!(req.body.as_deref().unwrap().contains(&expected), "{:?}", req.body);
    }

    /// In both modes (serde_json writes no marker and no lone surrogate, so input mode
    /// reads the same tree).
    #[test]
    fn documents_read_as_serde_json_reads_them(v in json_value()) {
        let text = serde_json::to_string(&v).unwrap();
        prop_assert_eq!(parse(&text).unwrap(), from_serde(&v));
        prop_assert_eq!(parse_input(&text).unwrap(), from_serde(&v));
        let pretty = serde_json::to_string_pretty(&v).unwrap();
        prop_assert_eq!(parse(&pretty).unwrap(), from_serde(&v));
        prop_assert_eq!(parse_input(&pretty).unwrap(), from_serde(&v));
    }

    /// Same acceptance as serde_json, but for lone surrogate escapes, which serde_json
    /// refuses and `parse` reads as U+FFFD: serde_json agrees once they are mended.
    #[test]
    fn acceptance_matches_serde_json_on_arbitrary_text(text in r#"[\[\]{}",:0-9eE.+\-a-z\\ ]{0,40}|"(\\ud[89a-f][0-9a-f]{2}|[a-z\\ ]){0,6}""#) {
        let ours = parse(&text).is_ok();
        let theirs = serde_json::from_str::<serde_json::Value>(&mend_lone_surrogates(&text)).is_ok();
        prop_assert_eq!(ours, theirs, "{:?}", text);
        prop_assert_eq!(parse_input(&text).is_ok(), ours, "{:?}", text);
    }

    #[test]
    fn strings_are_written_as_serde_json_writes_them(s in any::<String>()) {
        let mut out = String::new();
        write_str(&mut out, &s);
        prop_assert_eq!(&out, &serde_json::to_string(&s).unwrap());
    }
}

/// The old f64 reader's failure (two 17-digit shortest forms one ulp apart): as text,
/// the neighbours stay distinct and ordered.
#[test]
fn neighbouring_17_digit_forms_stay_apart() {
    let f: f64 = "1.0001417348191023e15".parse().unwrap();
    let (below, above) = (f64::from_bits(f.to_bits() - 1), f64::from_bits(f.to_bits() + 1));
    for (x, y) in [(below, f), (f, above)] {
        assert_eq!(number(&format!("{x:e}")).compare(&number(&format!("{y:e}"))), Ordering::Less, "{x:e} < {y:e}");
    }
    assert_eq!(number("1.0001417348191023e15").compare(&number(&format!("{f}"))), Ordering::Equal);
}

/// Magnitudes at and around the largest double: refused exactly where JSON.parse gives
/// Infinity (as `serde_json` does), with today's message.
#[test]
fn numbers_beyond_every_double_are_refused() {
    for text in ["1.7976931348623157e308", "-1.7976931348623157e308", "1.79769313486231580793e308", "1e-400", "-1e-99999", "0e99999"] {
        assert!(Number::parse(text).is_some(), "{text}");
        assert!(text.parse::<f64>().unwrap().is_finite(), "{text}");
    }
    for text in ["1.7976931348623159e308", "1.797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920e308", "1e309", "-1e400", "1e99999999999999999999"] {
        assert!(Number::parse(text).is_none(), "{text}");
        assert!(text.parse::<f64>().unwrap().is_infinite(), "{text}");
    }
    let e = from_json::<MessageInput>(r#"{"locationParameters":{"latitude":1e400}}"#).unwrap_err();
    assert_eq!(e.violations()[0].message, "not valid JSON: number out of range at byte 39");
}

/// WA-10 at its exact boundaries, from JSON text as JavaScript sends it.
#[test]
fn coordinate_bounds_are_exact() {
    let check = |lat: &str, lng: &str| -> Vec<String> {
        let input: MessageInput = from_json(&format!(
            r#"{{"channel":"whatsapp","type":"template","to":{{"contactId":"c"}},"template":{{"name":"t","language":"en"}},"locationParameters":{{"latitude":{lat},"longitude":{lng}}}}}"#
        ))
        .unwrap();
        match prepare_input(&input, &BaseUrl::default(), &ApiKey::new("k").unwrap(), Some("loc"), None) {
            Ok(req) => {
                let body = req.body.unwrap();
                assert!(body.contains(&format!(r#""latitude":{lat},"longitude":{lng}"#)), "{body}");
                vec![]
            }
            Err(e) => e.violations().iter().map(|v| format!("{} {} {}", v.field, v.code, v.message)).collect(),
        }
    };
    for (lat, lng) in [
        ("90", "180"),
        ("90.0", "180.000"),
        ("9e1", "1.8e2"),
        ("-90", "-180"),
        ("-9E+1", "-18E1"),
        ("900e-1", "-0.18e3"),
        ("1e-400", "-1e-400"),
        ("-0", "0"),
        ("-0.0e5", "0e-5"),
        ("89.99999999999999", "179.99999999999997"),
    ] {
        assert_eq!(check(lat, lng), Vec::<String>::new(), "{lat}, {lng}");
    }
    assert_eq!(check("90.00000000000001", "-180.0000001"), [
        "locationParameters.latitude out_of_range locationParameters.latitude must be between -90 and 90",
        "locationParameters.longitude out_of_range locationParameters.longitude must be between -180 and 180",
    ]);
    for (lat, lng) in [("-90.00000000000001", "0"), ("9.0000000000000000000000000001e1", "0"), ("1e300", "0"), ("0", "180.0000000000000000000000001"), ("0", "-1.81e2")] {
        assert_eq!(check(lat, lng).len(), 1, "{lat}, {lng}");
    }
    let e = from_json::<MessageInput>(r#"{"locationParameters":{"latitude":"1","longitude":[]}}"#).unwrap_err();
    let messages: Vec<&str> = e.violations().iter().map(|v| v.message.as_str()).collect();
    assert_eq!(messages, ["locationParameters.latitude must be a number, not a string", "locationParameters.longitude must be a number, not an array"]);
}

/// Coordinates from Rust doubles: shortest form without an exponent, valid JSON, and
/// a non-finite value is reported, never sent or panicked on.
#[test]
fn coordinates_from_f64() {
    for (f, text) in [(52.5, "52.5"), (-2.0, "-2"), (-0.0, "-0"), (1e-7, "0.0000001"), (0.1 + 0.2, "0.30000000000000004"), (90.0, "90")] {
        let c = Coordinate::from_f64(f);
        assert_eq!(c.as_str(), Some(text));
        assert_eq!(Number::parse(text).as_ref().map(Number::as_str), c.as_str());
    }
    let tiny = Coordinate::from_f64(5e-324);
    assert!(tiny.is_within(90) && Number::parse(tiny.as_str().unwrap()).is_some());
    for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let c = Coordinate::from_f64(f);
        assert!(!c.is_within(180) && c.as_str().is_none());
        assert_eq!(c.as_f64().to_bits(), f.to_bits());
    }
}
