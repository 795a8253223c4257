//! Hostile caller input and odd server text in the JSON reader (src/json/): lone UTF-16
//! surrogates, the JS side's markers for values JSON cannot hold, huge keys and values,
//! and large documents. Each is reported on its own field, never as a broken document,
//! and no error grows with the input.
#![cfg(not(target_arch = "wasm32"))] // native suites (proptest is native-only)

use proptest::prelude::*;
use std::fmt::Write as _;
use whautomate::__js::json::{from_json, mend_lone_surrogates, member_path, parse, parse_input, Foreign, FromJson, Path, Reader, Value};
use whautomate::model::MessageInput;
use whautomate::validate::{validate_message, ValidationContext};
use whautomate::Violation;

// ---------------------------------------------------------------- helpers

const LONE: &str = "contains a lone surrogate (half of a UTF-16 pair, such as a cut emoji)";

/// Every marker kind with the name the JS side writes and how messages name it.
const MARKERS: [(Foreign, &str, &str); 11] = [
    (Foreign::Function, "function", "a function"),
    (Foreign::Symbol, "symbol", "a symbol"),
    (Foreign::BigInt, "bigint", "a BigInt"),
    (Foreign::NaN, "NaN", "NaN"),
    (Foreign::Infinity, "Infinity", "Infinity"),
    (Foreign::NegativeInfinity, "-Infinity", "-Infinity"),
    (Foreign::InvalidDate, "invalid_date", "an Invalid Date"),
    (Foreign::AbortSignal, "AbortSignal", "an AbortSignal"),
    (Foreign::AbortController, "AbortController", "an AbortController (give its signal: { signal: controller.signal })"),
    (Foreign::Collection, "collection", "a Map, Set or other object whose contents JSON cannot see"),
    (Foreign::NullFromToJson, "null_from_toJSON", "a value whose toJSON() gives null (an invalid date?)"),
];

/// The marker object the JS side writes for `name`.
fn marker(name: &str) -> String {
    format!(r#"{{"\u0000js":"{name}"}}"#)
}

/// A valid `WhatsApp` text message with `extra` members spliced in (`"key":value,...`).
fn message(extra: &str) -> String {
    let sep = if extra.is_empty() { "" } else { "," };
    format!(r#"{{"channel":"whatsapp","type":"text","to":{{"contactId":"c_1"}},"locationId":"loc_1"{sep}{extra}}}"#)
}

/// A valid `WhatsApp` template message, `extra` spliced in.
fn template(extra: &str) -> String {
    format!(
        r#"{{"channel":"whatsapp","type":"template","to":{{"contactId":"c_1"}},"locationId":"loc_1","template":{{"name":"t","language":"en"}},{extra}}}"#
    )
}

/// (field, code, message) of each violation.
fn triples(violations: &[Violation]) -> Vec<(String, &'static str, String)> {
    violations.iter().map(|v| (v.field.clone(), v.code, v.message.clone())).collect()
}

/// Every violation of `json` as a message: the reading's, else validation's.
fn all_violations(json: &str) -> Vec<Violation> {
    match from_json::<MessageInput>(json) {
        Ok(input) => validate_message(&input, &ValidationContext::default()).err().unwrap_or_default(),
        Err(e) => e.violations().to_vec(),
    }
}

/// `units` written as `JSON.stringify` writes a string: every lone surrogate as a `\u`
/// escape, quotes, backslashes and controls escaped, the rest as the characters.
/// `escape_all` writes every unit as `\uXXXX` instead (also valid JSON).
fn js_string(units: &[u16], escape_all: bool) -> String {
    let mut out = String::from("\"");
    for item in char::decode_utf16(units.iter().copied()) {
        match item {
            Err(e) => write!(out, "\\u{:04x}", e.unpaired_surrogate()).unwrap(),
            Ok(c) if escape_all => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    write!(out, "\\u{unit:04X}").unwrap();
                }
            }
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok(c) if (c as u32) < 0x20 => write!(out, "\\u{:04x}", c as u32).unwrap(),
            Ok(c) => out.push(c),
        }
    }
    out.push('"');
    out
}

/// UTF-16 text with surrogates well represented: lone highs and lows, pairs, their
/// neighbours, plain ASCII (backslash, quote and `u` among them) and other BMP units.
fn utf16_units() -> impl Strategy<Value = Vec<u16>> {
    let unit = prop_oneof![
        3 => prop::sample::select(vec![0xD800u16, 0xD83D, 0xDBFF, 0xDC00, 0xDE00, 0xDFFF, 0xD7FF, 0xE000, 0xFFFD]),
        3 => prop::sample::select(vec![u16::from(b'a'), u16::from(b'u'), u16::from(b'\\'), u16::from(b'"'), u16::from(b'0'), u16::from(b'd'), 0x1]),
        1 => any::<u16>(),
    ];
    prop::collection::vec(unit, 0..24)
}

// ---------------------------------------------------------------- lone surrogates

/// Response mode: each unpaired surrogate is one U+FFFD, as `String::from_utf16_lossy`
/// reads it; pairs are characters.
#[test]
fn responses_read_lone_surrogates_as_replacement_characters() {
    let cases: [(&str, &str); 12] = [
        (r#""\ud83d""#, "\u{fffd}"),                           // lone high, alone
        (r#""cut \ud83d""#, "cut \u{fffd}"),                   // lone high at the end
        (r#""\ud83d cut""#, "\u{fffd} cut"),                   // lone high at the start
        (r#""\ude00""#, "\u{fffd}"),                           // lone low
        (r#""a\udc00\udc00b""#, "a\u{fffd}\u{fffd}b"),        // two lows
        (r#""\ud83d\u0041""#, "\u{fffd}A"),                    // high, then a non-surrogate escape
        (r#""\ud83d\n""#, "\u{fffd}\n"),                       // high, then another escape
        (r#""\ud83d\\ude00""#, "\u{fffd}\\ude00"),             // high, then an escaped backslash
        (r#""\ud83d\ud83d\ude00""#, "\u{fffd}😀"),             // high, then a pair
        (r#""\ud83d\ude00\ude00""#, "😀\u{fffd}"),             // a pair, then a low
        (r#""\ud83d\ude00""#, "😀"),                           // a pair, as before
        (r#""\uDBFF\uDFFF\uD800\uDC00""#, "\u{10ffff}\u{10000}"), // the extreme pairs, upper case
    ];
    for (json, expected) in cases {
        assert_eq!(parse(json), Ok(Value::String(expected.into())), "{json}");
    }
    // In keys, arrays and objects, at any depth.
    let v = parse(r#"{"k\udc00":["\ud800",{"x":"\ud83d"}],"ok":"\ud83d\ude00"}"#).unwrap();
    let Value::Object(members) = &v else { panic!("{v:?}") };
    assert_eq!(members[0].0, "k\u{fffd}");
    assert_eq!(
        members[0].1,
        Value::Array(vec![Value::String("\u{fffd}".into()), Value::Object(vec![("x".into(), Value::String("\u{fffd}".into()))])])
    );
    assert_eq!(v.get("ok"), Some(&Value::String("😀".into())));
    // A broken escape is still a syntax error.
    for bad in [r#""\ud83d\u12""#, r#""\ud83d\uZZZZ""#, r#""\ud83d\"#, r#""\ud83d"#, r#""\ud8""#] {
        assert!(parse(bad).is_err(), "{bad}");
        assert!(parse_input(bad).is_err(), "{bad}");
    }
}

/// Input mode: the string is a `Foreign::LoneSurrogate`, wherever it is; the same text
/// without one reads as before.
#[test]
fn input_marks_strings_with_lone_surrogates() {
    for json in [r#""\ud83d""#, r#""cut \ud83d""#, r#""\ude00""#, r#""\ud83d\u0041""#, r#""\ud83d\ud83d\ude00""#, r#""😀\udfff""#] {
        assert_eq!(parse_input(json), Ok(Value::Foreign(Foreign::LoneSurrogate)), "{json}");
    }
    assert_eq!(parse_input(r#""\ud83d\ude00 ok""#), Ok(Value::String("😀 ok".into())));
    let v = parse_input(r#"[["\ud800"],{"a":{"b":"\udc00"}},"fine"]"#).unwrap();
    assert_eq!(
        v,
        Value::Array(vec![
            Value::Array(vec![Value::Foreign(Foreign::LoneSurrogate)]),
            Value::Object(vec![("a".into(), Value::Object(vec![("b".into(), Value::Foreign(Foreign::LoneSurrogate))]))]),
            Value::String("fine".into()),
        ])
    );
    // A key with a lone surrogate does not mark its value (or the next string).
    let v = parse_input(r#"{"k\ud800":"v","w":"x"}"#).unwrap();
    assert_eq!(v, Value::Object(vec![("k\u{fffd}".into(), Value::String("v".into())), ("w".into(), Value::String("x".into()))]));
}

/// Caller input: each string with a lone surrogate is an `invalid_characters` violation
/// on its own field; the rest of the message is read as usual, never `invalid_json`.
#[test]
fn lone_surrogates_in_input_are_reported_on_their_field() {
    let e = from_json::<MessageInput>(&message(r#""text":"Hello \ud83d""#)).unwrap_err();
    assert_eq!(triples(e.violations()), [("text".to_string(), "invalid_characters", format!("text {LONE}"))]);

    for (extra, field) in [
        (r#""text":"\ude00""#, "text"),
        (r#""text":"\ud83d\u0041""#, "text"),
        (r#""locationId":"\udbff""#, "locationId"),
        (r#""scheduleAt":"2030-01-01T00:00:00Z\ud800""#, "scheduleAt"),
    ] {
        let e = from_json::<MessageInput>(&message(extra)).unwrap_err();
        assert_eq!(triples(e.violations()), [(field.to_string(), "invalid_characters", format!("{field} {LONE}"))], "{extra}");
    }

    // Nested in objects and arrays, several at once, with an ordinary type error between.
    let json = template(
        r#""to":{"contactId":"c\ud83d"},"bodyTextParameters":["ok","\ud83d",3,"\ude00x"],"flowParameters":{"flowToken":"\udc00"},"locationParameters":{"latitude":1,"longitude":2,"name":"\ud800"}"#,
    );
    let e = from_json::<MessageInput>(&json).unwrap_err();
    let found: Vec<(String, &str)> = e.violations().iter().map(|v| (v.field.clone(), v.code)).collect();
    assert_eq!(
        found,
        [
            ("to.contactId".to_string(), "invalid_characters"),
            ("bodyTextParameters[1]".to_string(), "invalid_characters"),
            ("bodyTextParameters[2]".to_string(), "invalid_type"),
            ("bodyTextParameters[3]".to_string(), "invalid_characters"),
            ("locationParameters.name".to_string(), "invalid_characters"),
            ("flowParameters.flowToken".to_string(), "invalid_characters"),
        ]
    );
    let e = from_json::<MessageInput>(&template(r#""elements":[{"title":"\ud83d"}]"#)).unwrap_err();
    assert_eq!(e.violations()[0].field, "elements[0].title");

    // At the root, and where another type was expected.
    let e = from_json::<MessageInput>(r#""\ud83d""#).unwrap_err();
    assert_eq!(triples(e.violations()), [(String::new(), "invalid_type", "the value must be an object, not a string with a lone surrogate".into())]);
    let e = from_json::<String>(r#""\ud83d""#).unwrap_err();
    assert_eq!(triples(e.violations()), [(String::new(), "invalid_characters", format!("the value {LONE}"))]);
    let e = from_json::<MessageInput>(&template(r#""locationParameters":{"latitude":"\ud83d","longitude":1}"#)).unwrap_err();
    assert_eq!(e.violations()[0].message, "locationParameters.latitude must be a number, not a string with a lone surrogate");

    // Paired surrogates are text.
    let m = from_json::<MessageInput>(&message(r#""text":"\ud83d\ude00 \uD83D\uDC4D""#)).unwrap();
    assert_eq!(m.text.as_deref(), Some("😀 👍"));
}

/// A key with a lone surrogate: the object is read, and the key (read with U+FFFD, so
/// unknown to the SDK) is reported on its own path; never `invalid_json`.
#[test]
fn lone_surrogates_in_keys_are_reported_on_the_key() {
    let check = |json: &str, field: &str| {
        let v = all_violations(json);
        assert_eq!(triples(&v), [(field.to_string(), "unknown_field", format!("unknown field {field}"))], "{json}");
    };
    check(&message(r#""text":"hi","te\ud83dxt":"hi""#), "te\u{fffd}xt");
    check(&message(r#""text":"hi","\udc00":1"#), "\u{fffd}");
    check(
        r#"{"channel":"whatsapp","type":"text","to":{"contactId":"c_1","name\ud800":"x"},"locationId":"l","text":"hi"}"#,
        "to.name\u{fffd}",
    );
    check(&template(r#""buttonUrlParameters":["a"],"template\ud83d\ud83d\ude00":{}"#), "template\u{fffd}😀");
    // Keys with lone surrogates inside an unknown member: that member is the one reported.
    check(&message(r#""text":"hi","extra":{"\ud800":{"\udc00":"\ud83d"}}"#), "extra");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2048)))]

    /// Any UTF-16 text as `JSON.stringify` writes it (or fully escaped): response mode
    /// reads what `String::from_utf16_lossy` reads; input mode reads the same text when
    /// it is well formed, else `Foreign::LoneSurrogate`; serde_json reads the mended text
    /// as response mode does.
    #[test]
    fn any_utf16_text_reads_as_from_utf16_lossy(units in utf16_units(), escape_all in any::<bool>()) {
        let json = js_string(&units, escape_all);
        let lossy = String::from_utf16_lossy(&units);
        prop_assert_eq!(parse(&json), Ok(Value::String(lossy.clone())), "{}", json);
        let expected = match String::from_utf16(&units) {
            Ok(text) => Value::String(text),
            Err(_) => Value::Foreign(Foreign::LoneSurrogate),
        };
        prop_assert_eq!(parse_input(&json), Ok(expected), "{}", json);
        let mended = mend_lone_surrogates(&json);
        prop_assert_eq!(serde_json::from_str::<String>(&mended).unwrap(), lossy, "{}", json);
        if String::from_utf16(&units).is_ok() {
            prop_assert!(matches!(mended, std::borrow::Cow::Borrowed(_)), "{}", json);
        }
        // As a key, in both modes: U+FFFD.
        let object = format!("{{{json}:1}}");
        for v in [parse(&object).unwrap(), parse_input(&object).unwrap()] {
            let Value::Object(members) = v else { panic!() };
            prop_assert_eq!(&members[0].0, &String::from_utf16_lossy(&units));
        }
    }

    /// Arbitrary escape soup never panics and mending never changes what our reader
    /// reads (in either mode).
    #[test]
    fn mending_keeps_what_parse_reads(text in r#""(\\u(d[89ab]|d[c-f]|00)[0-9a-f]{2}|\\\\|\\n|[a-z\\ ]){0,12}""#) {
        let mended = mend_lone_surrogates(&text);
        prop_assert_eq!(parse(&text), parse(&mended), "{}", text);
        prop_assert_eq!(parse_input(&mended).is_ok(), parse(&text).is_ok(), "{}", text);
        if let Ok(Value::Foreign(_)) = parse_input(&mended) {
            prop_assert!(false, "mended text still has a lone surrogate: {}", mended);
        }
    }
}

// ---------------------------------------------------------------- JS-only values

/// Each marker object is its `Foreign` kind in input mode, at the top level and nested;
/// in response mode it is an ordinary object.
#[test]
fn markers_are_foreign_values_in_input_only() {
    for (kind, name, words) in MARKERS {
        let m = marker(name);
        assert_eq!(parse_input(&m), Ok(Value::Foreign(kind)), "{name}");
        assert_eq!(parse_input(&format!(" {m} ")), Ok(Value::Foreign(kind)), "{name}");
        assert_eq!(parse_input(&format!(r#"{{ "\u0000js" : "{name}" }}"#)), Ok(Value::Foreign(kind)), "{name}");
        assert_eq!(parse_input(&format!("[[{m}],{m}]")), Ok(Value::Array(vec![Value::Array(vec![Value::Foreign(kind)]), Value::Foreign(kind)])));
        assert_eq!(parse_input(&format!(r#"{{"a":{m}}}"#)).unwrap().get("a"), Some(&Value::Foreign(kind)));
        assert_eq!(Value::Foreign(kind).kind(), words);
        assert_eq!((Foreign::from_marker(name), kind.marker_name()), (Some(kind), Some(name)));
        assert_eq!(Value::Foreign(kind).is_abort_signal(), kind == Foreign::AbortSignal);
        let response = parse(&m).unwrap();
        assert_eq!(response, Value::Object(vec![(Foreign::MARKER_KEY.into(), Value::String(name.into()))]));
        assert!(!response.is_abort_signal());
    }
    assert_eq!(Foreign::LoneSurrogate.marker_name(), None);
    assert_eq!(Foreign::from_marker("lone_surrogate"), None);
}

/// Only the exact shape is a marker: anything else stays an object (and is read, and
/// reported, as one).
#[test]
fn near_markers_stay_objects() {
    for json in [
        r#"{"\u0000js":"nan"}"#,                       // unknown name (names are exact)
        r#"{"\u0000js":"Function"}"#,
        r#"{"\u0000js":""}"#,
        r#"{"\u0000js":" NaN"}"#,
        r#"{"\u0000js":"NaN","x":1}"#,                 // a second member
        r#"{"x":1,"\u0000js":"NaN"}"#,
        r#"{"\u0000js":"NaN","\u0000js":"NaN"}"#,     // a repeated key
        r#"{"\u0000js":1}"#,                           // not a string
        r#"{"\u0000js":["NaN"]}"#,
        r#"{"\u0000js":{"\u0000js":"NaN"}}"#,          // a marker inside is still one
        r#"{"\u0000js":"\ud83d"}"#,                    // a lone surrogate is no name
        r#"{"js":"NaN"}"#,                             // the key needs its NUL
        r#"{"\u0000JS":"NaN"}"#,
        r#"{"\u0000js\u0000":"NaN"}"#,
        r#"{" js":"NaN"}"#,
        r"{}",
    ] {
        let v = parse_input(json).unwrap_or_else(|e| panic!("{json}: {e:?}"));
        assert!(matches!(v, Value::Object(_)), "{json}: {v:?}");
        let e = from_json::<MessageInput>(&message(&format!(r#""text":{json}"#))).unwrap_err();
        assert_eq!(e.violations()[0].message, "text must be a string, not an object", "{json}");
    }
    let v = parse_input(r#"{"\u0000js":{"\u0000js":"NaN"}}"#).unwrap();
    assert_eq!(v.get(Foreign::MARKER_KEY), Some(&Value::Foreign(Foreign::NaN)));
}

/// Where a string, a number, a boolean, a list or an object is expected, every foreign
/// value is an `invalid_type` violation on its own path, named as JS would name it.
#[test]
fn foreign_values_are_type_errors_on_their_path() {
    for (_, name, words) in MARKERS {
        let m = marker(name);
        let cases = [
            (message(&format!(r#""text":{m}"#)), "text", "a string"),
            (message(&format!(r#""scheduleAt":{m},"text":"hi""#)), "scheduleAt", "a string"),
            (template(&format!(r#""bodyTextParameters":["a",{m}]"#)), "bodyTextParameters[1]", "a string"),
            (template(&format!(r#""bodyTextParameters":{m}"#)), "bodyTextParameters", "an array"),
            (template(&format!(r#""locationParameters":{{"latitude":{m},"longitude":0}}"#)), "locationParameters.latitude", "a number"),
            (template(&format!(r#""flowParameters":{m}"#)), "flowParameters", "an object"),
            (message(&format!(r#""text":"hi","to":{{"contactId":{m}}}"#)), "to.contactId", "a string"),
            (template(&format!(r#""elements":[{{"title":"t","buttons":[{m}]}}]"#)), "elements[0].buttons[0]", "an object"),
            (m.clone(), "", "an object"),
        ];
        for (json, field, expected) in cases {
            let e = from_json::<MessageInput>(&json).unwrap_err();
            let subject = if field.is_empty() { "the value" } else { field };
            assert_eq!(
                triples(e.violations()),
                [(field.to_string(), "invalid_type", format!("{subject} must be {expected}, not {words}"))],
                "{json}"
            );
        }
        // Whole numbers and booleans (the option types).
        let mut reader = Reader::default();
        let value = parse_input(&m).unwrap();
        let timeout = Path::Key(&Path::Root, "timeoutMs");
        assert_eq!(u64::from_json(&value, &timeout, &mut reader), None);
        assert_eq!(u32::from_json(&value, &Path::Index(&timeout, 0), &mut reader), None);
        assert_eq!(bool::from_json(&value, &Path::Root, &mut reader), None);
        assert_eq!(reader.field::<u64>(&parse_input(&format!(r#"{{"n":{m}}}"#)).unwrap(), &Path::Root, "n"), None);
        let messages: Vec<String> = reader.into_violations().into_iter().map(|v| v.message).collect();
        assert_eq!(
            messages,
            [
                format!("timeoutMs must be a whole number, not {words}"),
                format!("timeoutMs[0] must be a whole number, not {words}"),
                format!("the value must be a boolean, not {words}"),
                format!("n must be a whole number, not {words}"),
            ]
        );
    }
}

/// A foreign value under an unknown key: the key is present, so it is reported as
/// unknown (not dropped as `undefined` would be by `JSON.stringify`).
#[test]
fn foreign_values_under_unknown_keys_keep_the_key() {
    for (_, name, _) in MARKERS {
        let m = marker(name);
        let v = all_violations(&message(&format!(r#""text":"hi","onSent":{m}"#)));
        assert_eq!(triples(&v), [("onSent".to_string(), "unknown_field", "unknown field onSent".to_string())], "{name}");
        let v = all_violations(&message(&format!(r#""text":"hi","to":{{"contactId":"c","cb":[{m}]}}"#)));
        assert_eq!(triples(&v), [("to.cb".to_string(), "unknown_field", "unknown field to.cb".to_string())], "{name}");
    }
    let m: MessageInput = from_json(&message(&format!(r#""text":"hi","signal":{}"#, marker("AbortSignal")))).unwrap();
    assert_eq!(m.unknown_fields.0, ["signal"]);
}

/// The issue's examples, as `validate()` reports them.
#[test]
fn the_reported_examples() {
    let v = all_violations(&message(&format!(r#""text":"hi","scheduleAt":{}"#, marker("invalid_date"))));
    assert_eq!(triples(&v), [("scheduleAt".into(), "invalid_type", "scheduleAt must be a string, not an Invalid Date".into())]);
    let v = all_violations(&message(r#""text":"\ud83d""#));
    assert_eq!(triples(&v), [("text".into(), "invalid_characters", format!("text {LONE}"))]);
    let mut reader = Reader::default();
    let options = parse_input(&format!(r#"{{"timeoutMs":{}}}"#, marker("NaN"))).unwrap();
    assert_eq!(reader.field::<u64>(&options, &Path::Root, "timeoutMs"), None);
    assert_eq!(reader.into_violations()[0].message, "timeoutMs must be a whole number, not NaN");
}

// ---------------------------------------------------------------- huge text

/// No key or value of the caller's is echoed whole: a field path's key and a quoted
/// value are cut to 64 characters and `…`.
#[test]
fn huge_keys_are_cut_in_fields_and_messages() {
    let cut = |key: &str| format!("{}…", key.chars().take(64).collect::<String>());
    for key in ["k".repeat(5_000_000), "é".repeat(100_000), format!("{}😀{}", "a".repeat(63), "b".repeat(1000)), "x".repeat(65)] {
        let expected = cut(&key);
        // Unknown at the top and nested.
        let v = all_violations(&message(&format!(r#""text":"hi","{key}":1"#)));
        assert_eq!(triples(&v), [(expected.clone(), "unknown_field", format!("unknown field {expected}"))]);
        let v = all_violations(&message(&format!(r#""text":"hi","to":{{"contactId":"c","{key}":{}}}"#, marker("function"))));
        assert_eq!(v[0].field, format!("to.{expected}"));
        assert_eq!(v[0].message, format!("unknown field to.{expected}"));
        // Through `member_path` and `Path` directly.
        assert_eq!(member_path(&Path::Key(&Path::Root, &key), "x"), format!("{expected}.x"));
        assert_eq!(Path::Index(&Path::Key(&Path::Root, &key), 3).to_string(), format!("{expected}[3]"));
    }
    // Up to 64 characters, a key is whole.
    for key in ["a".repeat(64), "😀".repeat(64)] {
        let v = all_violations(&message(&format!(r#""text":"hi","{key}":1"#)));
        assert_eq!(v[0].field, key);
    }
    // Many huge keys: each cut, so the error stays small.
    let keys: Vec<String> = (0..50).map(|i| format!(r#""{i}{}":1"#, "z".repeat(100_000))).collect();
    let v = all_violations(&message(&format!(r#""text":"hi",{}"#, keys.join(","))));
    assert_eq!(v.len(), 50);
    assert!(v.iter().all(|v| v.field.chars().count() == 65 && v.message.len() < 100), "{:?}", v[0]);
}

/// Huge values are never echoed: text limits give lengths, a MIME type is quoted cut.
#[test]
fn huge_values_are_not_echoed_whole() {
    let v = all_violations(&message(&format!(r#""text":"{}""#, "t".repeat(5_000_000))));
    assert_eq!(triples(&v), [("text".into(), "too_long", "text is 5000000 characters (UTF-16 code units) long; at most 4096 are allowed".into())]);
    let subtype = "a".repeat(120);
    let json = format!(
        r#"{{"channel":"whatsapp","type":"media","to":{{"contactId":"c"}},"locationId":"l","mediaUrl":"https://x.example/a","mimeType":"image/{subtype}"}}"#
    );
    let v = all_violations(&json);
    let shown = format!("image/{}…", "a".repeat(58));
    assert_eq!(v[0].field, "mimeType");
    assert!(v[0].message.starts_with(&format!("whatsapp does not accept {shown} media; accepted: ")), "{}", v[0].message);
    // Huge strings with lone surrogates, and wrong types, are reported without the value.
    let v = all_violations(&message(&format!(r#""text":"{}\ud83d""#, "t".repeat(1_000_000))));
    assert_eq!(triples(&v), [("text".into(), "invalid_characters", format!("text {LONE}"))]);
    let v = all_violations(&message(&format!(r#""text":["{}"]"#, "t".repeat(1_000_000))));
    assert_eq!(v[0].message, "text must be a string, not an array");
}

// ---------------------------------------------------------------- large documents

/// A document of about 5 MB: objects with plain, escaped, paired and lone-surrogate
/// strings, numbers, markers and nesting, read in both modes. (Correctness only: a
/// quadratic step would show as a test that does not finish, not as an assertion.)
#[test]
fn five_megabytes_read_in_both_modes() {
    let item = |i: usize| {
        format!(
            r#"{{"id":"m{i}","text":"hello \"world\" \ud83d\ude00 \u00e9","n":{i}.5e-1,"flags":[true,false,null],"cut":"x\ud83d","nested":{{"a":[{{"b":"c"}}]}},"f":{{"\u0000js":"function"}}}}"#
        )
    };
    let count = 5 * 1024 * 1024 / item(0).len() + 1;
    let mut doc = String::from("[");
    for i in 0..count {
        if i > 0 {
            doc.push(',');
        }
        doc.push_str(&item(i));
    }
    doc.push(']');
    assert!(doc.len() >= 5 * 1024 * 1024);

    let Value::Array(response) = parse(&doc).unwrap() else { panic!("not an array") };
    let Value::Array(input) = parse_input(&doc).unwrap() else { panic!("not an array") };
    assert_eq!((response.len(), input.len()), (count, count));
    for (i, (r, c)) in response.iter().zip(&input).enumerate() {
        assert_eq!(r.get("id"), Some(&Value::String(format!("m{i}"))));
        assert_eq!(r.get("text"), Some(&Value::String("hello \"world\" 😀 é".into())));
        assert_eq!(r.get("text"), c.get("text"));
        assert_eq!(r.get("n").and_then(Value::as_number).map(|n| n.as_str().to_owned()), Some(format!("{i}.5e-1")));
        assert_eq!(r.get("cut"), Some(&Value::String("x\u{fffd}".into())));
        assert_eq!(c.get("cut"), Some(&Value::Foreign(Foreign::LoneSurrogate)));
        assert!(matches!(r.get("f"), Some(Value::Object(_))));
        assert_eq!(c.get("f"), Some(&Value::Foreign(Foreign::Function)));
        assert_eq!(r.get("nested"), c.get("nested"));
    }
    // And the mended text reads the same through serde_json.
    let mended: serde_json::Value = serde_json::from_str(&mend_lone_surrogates(&doc)).unwrap();
    assert_eq!(mended.as_array().map(Vec::len), Some(count));
    assert_eq!(mended[count - 1]["cut"], "x\u{fffd}");
}

/// Long runs of what the new paths handle: lone surrogates (as the JS fuzz sends them),
/// markers, and huge keys, all in one document.
#[test]
fn long_runs_of_hostile_text_read_in_both_modes() {
    let highs = "\\ud83d".repeat(1 << 18);
    let lows = "\\ude00".repeat(1 << 18);
    for run in [&highs, &lows] {
        let json = format!(r#"{{"text":"{run}"}}"#);
        assert_eq!(parse(&json).unwrap().get("text"), Some(&Value::String("\u{fffd}".repeat(1 << 18))));
        assert_eq!(parse_input(&json).unwrap().get("text"), Some(&Value::Foreign(Foreign::LoneSurrogate)));
        let e = from_json::<MessageInput>(&json).unwrap_err();
        assert_eq!(triples(e.violations()), [("text".into(), "invalid_characters", format!("text {LONE}"))]);
    }
    let markers = vec![marker("NaN"); 100_000].join(",");
    let Value::Array(items) = parse_input(&format!("[{markers}]")).unwrap() else { panic!() };
    assert!(items.len() == 100_000 && items.iter().all(|v| *v == Value::Foreign(Foreign::NaN)));
    let e = from_json::<Vec<String>>(&format!("[{markers}]")).unwrap_err();
    // Every item read; the first MAX_VIOLATIONS reported, then one entry saying there were more.
    assert_eq!(e.violations().len(), whautomate::MAX_VIOLATIONS + 1);
    assert_eq!(e.violations()[99].message, "[99] must be a string, not NaN");
    assert_eq!(e.violations()[100].code, "too_many");
}
