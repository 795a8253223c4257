//! Text without `core::fmt`, and without core's heavier string routines.
//!
//! Every byte of the npm package's .wasm counts, and some innocent-looking calls bring
//! whole subsystems into it:
//! - `format!` pulls core's formatting machinery (`fmt::write`, padding, every `Display`
//!   impl it reaches). [`text!`](crate::text!) concatenates [`Piece`]s instead: string
//!   slices as they are, integers through `push_u64` (neither `core::fmt` nor `itoa`,
//!   whose generic code and 200-byte digit table are more than a message needs);
//! - `str::find(&str)`, `contains(&str)`, `split_once(&str)`, `split(&str)` and `replace`
//!   go through core's Two-Way `StrSearcher` (some 2 KB): `find`, `split_once` and
//!   `split` below compare bytes instead;
//! - `str::parse::<u64>()` is core's generic integer parser: `parse_u64`;
//! - `str::trim` decodes UTF-8 backwards too: `trim` scans forwards only;
//! - `slice.join(sep)` is alloc's generic join with its panics: `Joined`;
//! - `str::from_utf8` (and `<[u8]>::utf8_chunks`) check UTF-8 a word at a time with
//!   a 256-byte width table: [`is_utf8`] checks a byte at a time (the input the npm
//!   engine reads is a few hundred bytes of what `TextEncoder` wrote); `str::is_ascii`
//!   too: `is_ascii` (an API key, a webhook secret);
//! - `trim_end_matches(char)` is core's backward char searcher: a `strip_suffix` loop
//!   does (config's base URL).
//!
//! And a slice or index that may fail links a panic whose message is formatted; what the
//! message needs stays in the .wasm even though the panic handler traps: a failed
//! `&text[a..b]` prints the character it cut with `{:?}`, which brings core's Unicode
//! printable tables (about 3 KB). Where the
//! compiler cannot see that a bound holds, the crate slices with `get` instead.
//!
//! Each helper is checked against the std function it replaces (the tests below).

use crate::prelude::*;

/// Something that can be appended to a message.
pub trait Piece {
    /// Appends `self` to `out`.
    fn push_to(&self, out: &mut String);
}

impl Piece for str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}
impl Piece for char {
    fn push_to(&self, out: &mut String) {
        out.push(*self);
    }
}
impl<T: Piece + ?Sized> Piece for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// `items` with `separator` between them, as `items.join(separator)` writes them (which
/// would link alloc's generic join, about 1 KB of .wasm with its panics):
/// `text!("accepted: ", Joined(&["a", "b"], ", "))` is `"accepted: a, b"`.
pub(crate) struct Joined<'a>(pub &'a [&'a str], pub &'a str);

impl Piece for Joined<'_> {
    fn push_to(&self, out: &mut String) {
        for (i, item) in self.0.iter().enumerate() {
            if i > 0 {
                out.push_str(self.1);
            }
            out.push_str(item);
        }
    }
}

/// At most this many characters of a caller's text are echoed into an error (a key in a
/// field path, a value quoted in a message); the rest is cut, see [`Clipped`].
pub const ECHO_MAX_CHARS: usize = 64;

/// A caller's text as an error echoes it: whole up to [`ECHO_MAX_CHARS`] characters, else
/// its first [`ECHO_MAX_CHARS`] characters and `…`. (An unknown key of 46 million
/// characters must not make an error too large to hand back.) Cut on a character
/// boundary, never by a panicking slice.
#[derive(Debug, Clone, Copy)]
pub struct Clipped<'a>(pub &'a str);

impl Piece for Clipped<'_> {
    fn push_to(&self, out: &mut String) {
        // At most ECHO_MAX_CHARS bytes is at most as many characters: no scan (the common case).
        if self.0.len() <= ECHO_MAX_CHARS {
            out.push_str(self.0);
            return;
        }
        // Characters are counted on the bytes, as `utf16_len` counts them: each has one
        // byte that is not a continuation byte (10xxxxxx), where it starts. (No decoding:
        // `chars()` would link core's UTF-8 decoder into the .wasm.)
        let mut chars = 0;
        for (at, &b) in self.0.as_bytes().iter().enumerate() {
            if b & 0xC0 != 0x80 {
                if chars == ECHO_MAX_CHARS {
                    // `at` starts a character: a boundary.
                    out.push_str(self.0.get(..at).unwrap_or_default());
                    out.push('…');
                    return;
                }
                chars += 1;
            }
        }
        out.push_str(self.0);
    }
}

/// Every integer is written by the one `u64` formatter, `push_u64`.
impl Piece for u64 {
    fn push_to(&self, out: &mut String) {
        push_u64(out, *self);
    }
}
macro_rules! unsigned_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                u64::from(*self).push_to(out);
            }
        }
    )*};
}
unsigned_pieces!(u8, u16, u32);
impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        // usize has at most 64 bits on every target Rust supports.
        (*self as u64).push_to(out);
    }
}
macro_rules! signed_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                if *self < 0 {
                    out.push('-');
                }
                u64::from(self.unsigned_abs()).push_to(out);
            }
        }
    )*};
}
signed_pieces!(i32, i64);

/// Appends the decimal digits of `n`, as `Display` writes them.
pub fn push_u64(out: &mut String, n: u64) {
    // The leading digits first, by recursion (at most 20 deep): no buffer, whose indexing
    // would link core's bounds-check panic and its message formatting.
    if n >= 10 {
        push_u64(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Concatenates pieces into a new `String`.
#[doc(hidden)] // for this crate and whautomate-wasm (`__js::text!`); not part of the API
#[macro_export]
macro_rules! text {
    ($($pieces:tt)*) => {{
        let mut out = $crate::__private::String::new();
        $crate::__text_pieces!(out; $($pieces)*);
        out
    }};
}

/// The pieces of [`text!`], one by one. A literal is passed by value: `&"..."` would make
/// the compiler keep a (pointer, length) pair per literal in the .wasm's data, only for
/// the code to load the two numbers back from it.
#[doc(hidden)]
#[macro_export]
macro_rules! __text_pieces {
    ($out:ident;) => {};
    ($out:ident; $piece:literal $(, $($rest:tt)*)?) => {
        $crate::__private::push_value(&mut $out, $piece);
        $($crate::__text_pieces!($out; $($rest)*);)?
    };
    ($out:ident; $piece:expr $(, $($rest:tt)*)?) => {
        $crate::__private::Piece::push_to(&$piece, &mut $out);
        $($crate::__text_pieces!($out; $($rest)*);)?
    };
}

/// Appends `piece`, taken by value (see [`text!`]'s literals).
#[doc(hidden)]
pub fn push_value<P: Piece>(out: &mut String, piece: P) {
    piece.push_to(out);
}

// Substring search. The SDK only ever searches short texts (a URL's scheme, an API key
// in an error body), so a plain byte-by-byte comparison is enough. A match of a UTF-8
// needle in a UTF-8 text always begins and ends on character boundaries, so the byte
// offsets are `str` offsets.

/// The byte offset of the first occurrence of `needle` in `haystack` (`Some(0)` for an
/// empty needle), as `haystack.find(needle)`.
pub(crate) fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack.as_bytes().windows(needle.len()).position(|window| window == needle.as_bytes())
}

/// `haystack` split around the first `needle`, as `haystack.split_once(needle)`.
pub(crate) fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let start = find(haystack, needle)?;
    Some((haystack.get(..start)?, haystack.get(start + needle.len()..)?))
}

/// The pieces of `haystack` between the occurrences of `separator`, as
/// `haystack.split(separator)` for a non-empty separator (an empty one yields `haystack`
/// whole).
pub(crate) fn split<'a>(haystack: &'a str, separator: &'a str) -> Split<'a> {
    Split { rest: Some(haystack), separator }
}

/// The iterator of [`split`].
pub(crate) struct Split<'a> {
    /// What is left to split; `None` once the last piece was returned.
    rest: Option<&'a str>,
    separator: &'a str,
}

impl<'a> Iterator for Split<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest.take()?;
        match split_once(rest, self.separator) {
            Some((piece, after)) if !self.separator.is_empty() => {
                self.rest = Some(after);
                Some(piece)
            }
            _ => Some(rest),
        }
    }
}

/// `text` without leading and trailing whitespace, as `text.trim()`. (Scanning forward
/// only: `str::trim` also decodes UTF-8 backwards, which is one more routine in the .wasm.)
///
/// Most texts end in an ASCII byte that is not whitespace: then the end is known at once,
/// and the scan stops at the first character that is not whitespace instead of decoding
/// the whole text (an id, a message text: every send trims several).
pub fn trim(text: &str) -> &str {
    let ends_plain = text.as_bytes().last().is_some_and(|&b| b.is_ascii() && !char::from(b).is_whitespace());
    let (mut start, mut end) = (text.len(), 0);
    let mut at = 0;
    for c in text.chars() {
        let next = at + c.len_utf8();
        if !c.is_whitespace() {
            start = start.min(at);
            end = next;
            if ends_plain {
                end = text.len();
                break;
            }
        }
        at = next;
    }
    text.get(start..end).unwrap_or("")
}

/// The start of `text` up to (not including) the first of the ASCII bytes `stops`, or all
/// of it: `text.split(['/', '?']).next().unwrap()` for `stops` = `b"/?"`.
pub(crate) fn until_any<'a>(text: &'a str, stops: &[u8]) -> &'a str {
    let bytes = text.as_bytes();
    let mut end = 0;
    'scan: while end < bytes.len() {
        for &stop in stops {
            if bytes[end] == stop {
                break 'scan;
            }
        }
        end += 1;
    }
    text.get(..end).unwrap_or(text)
}

/// `n * 10`, or `None` on overflow. (`u64::checked_mul` compiles to a call of the
/// 128-bit multiply `__multi3` on wasm32; a comparison with a constant does not.)
pub(crate) fn times_ten(n: u64) -> Option<u64> {
    (n <= u64::MAX / 10).then(|| n * 10)
}

/// `text.parse::<u64>()` without core's generic integer parser: an optional `+`, then
/// ASCII digits only, and `None` on overflow.
pub fn parse_u64(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        if b.is_ascii_digit() {
            times_ten(n)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

/// Whether `bytes` are well-formed UTF-8 (RFC 3629: no overlong form, no surrogate,
/// nothing past U+10FFFF, no sequence cut short): exactly what `str::from_utf8` accepts
/// (the tests compare the two on every sequence of up to three bytes and on four-byte
/// ones at each boundary). The npm engine's check of the text JS wrote into its input
/// buffer: 76 bytes of the browser bundle's gzip fewer than core's `utf8_chunks` there, which
/// brings its word-at-a-time loop and width table (measured 2026-12-07, `make pkg`).
///
/// ```
/// use whautomate::__js::is_utf8;
/// assert!(is_utf8("héllo, 世界 🙂".as_bytes()));
/// assert!(!is_utf8(b"\xC0\xAF")); // an overlong '/'
/// assert!(!is_utf8(b"\xED\xA0\x80")); // a surrogate
/// assert!(!is_utf8(b"\xF0\x9F\x99")); // cut short
/// ```
#[must_use]
#[cfg_attr(not(feature = "__js"), allow(dead_code))] // the npm engine's, through `__js`
pub fn is_utf8(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&lead) = bytes.get(i) {
        i += 1;
        // How many continuation bytes follow, and the range of the first of them (the
        // others are 0x80..=0xBF): the table of RFC 3629 section 4.
        let (mut n, mut lo, mut hi) = match lead {
            0x00..=0x7F => continue,
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xE1..=0xEF => (2, 0x80, 0xBF),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        while n > 0 {
            match bytes.get(i) {
                Some(&c) if lo <= c && c <= hi => {}
                _ => return false,
            }
            (i, n, lo, hi) = (i + 1, n - 1, 0x80, 0xBF);
        }
    }
    true
}

/// `text.is_ascii()`, a byte at a time (see the module's list: some 60 bytes of the
/// sending `.wasm`'s gzip, and 40 of the receiving one's, for texts of a few dozen bytes
/// checked once).
pub(crate) fn is_ascii(text: &str) -> bool {
    text.bytes().all(|b| b < 0x80)
}

/// `text` with every character that breaks or rewrites a line of a log a space: the
/// control characters (C0, DEL, C1: a line feed that forges a second entry, an ESC that
/// starts a terminal's escape sequence), the line and paragraph separators, and the
/// bidirectional overrides and isolates (text that reads otherwise than it is). An
/// error's message is written by the SDK, but it quotes text it did not write: a server's
/// error message, a fetch failure's, a key of a caller's or a webhook sender's object.
/// (The server's text is kept whole in the error's `body`, and a violation's own `field`
/// and `message` keep a key as it was written.) (Its example is
/// the test `one_line_spaces_what_breaks_a_line`.)
#[must_use]
pub fn one_line(text: String) -> String {
    let mut out = String::new();
    let mut spaced = false;
    for c in text.chars() {
        // (Comparisons, not `char::is_control`, whose table cost the sending `.wasm`
        // some 100 bytes of gzip.)
        let breaks = c < ' ' || matches!(c, '\u{7f}'..='\u{9f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        spaced |= breaks;
        out.push(if breaks { ' ' } else { c });
    }
    if spaced { out } else { text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_spaces_what_breaks_a_line() {
        assert_eq!(one_line("bad\r\nINFO ok \u{1b}[2J\u{202e}x\u{2028}\u{85}\u{7f}".into()), "bad  INFO ok  [2J x   ");
        // Everything else is kept, tabs aside: letters, emoji, the zero-width joiner.
        assert_eq!(one_line("héllo 👩\u{200d}💻\tend".into()), "héllo 👩\u{200d}💻 end");
    }

    /// `is_utf8` accepts exactly what `str::from_utf8` accepts: every sequence of one, two
    /// and three bytes, and four-byte ones with each continuation byte at every boundary
    /// of the table (and a byte on either side of it).
    #[test]
    fn is_utf8_is_str_from_utf8() {
        let same = |b: &[u8]| assert_eq!(is_utf8(b), core::str::from_utf8(b).is_ok(), "{b:02X?}");
        for a in 0..=255u8 {
            same(&[a]);
            for b in 0..=255u8 {
                same(&[a, b]);
                for c in 0..=255u8 {
                    same(&[a, b, c]);
                }
            }
        }
        let edges = [0x00, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xFF];
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                for c in edges {
                    for d in edges {
                        same(&[a, b, c, d]);
                    }
                }
            }
        }
        // Within longer text: a bad byte anywhere, a sequence cut by the end.
        let text = "a é 世 🙂 z".as_bytes();
        for cut in 0..=text.len() {
            same(&text[..cut]);
            let mut bad = text.to_vec();
            if let Some(byte) = bad.get_mut(cut) {
                *byte = 0xFF;
            }
            same(&bad);
        }
    }

    #[test]
    fn edge_cases_match_std() {
        for (haystack, needle) in [("", ""), ("abc", ""), ("", "a"), ("a", "ab"), ("aaa", "aa"), ("é😀", "😀"), ("x://y://z", "://")] {
            assert_eq!(find(haystack, needle), haystack.find(needle), "{haystack:?} {needle:?}");
            assert_eq!(split_once(haystack, needle), haystack.split_once(needle), "{haystack:?} {needle:?}");
        }
        assert_eq!(split("a", "").collect::<Vec<_>>(), ["a"]);
        assert_eq!(split("", ",").collect::<Vec<_>>(), [""]);
        assert_eq!(split("a,,b,", ",").collect::<Vec<_>>(), ["a", "", "b", ""]);
    }

    #[test]
    fn clipped_cuts_at_64_characters() {
        let clip = |s: &str| crate::text!(Clipped(s));
        for s in ["", "a", &"a".repeat(64), &"é".repeat(64), &"😀".repeat(64), &"é".repeat(40)] {
            assert_eq!(clip(s), s, "{s:?}");
        }
        assert_eq!(clip(&"a".repeat(65)), format!("{}…", "a".repeat(64)));
        assert_eq!(clip(&"😀".repeat(65)), format!("{}…", "😀".repeat(64)));
        let mixed = format!("{}😀xyz", "a".repeat(63));
        assert_eq!(clip(&mixed), format!("{}😀…", "a".repeat(63)));
        assert_eq!(clip(&"k".repeat(46_000_000)).chars().count(), 65);
    }

    #[test]
    fn joined_is_join() {
        for items in [&[][..], &["a"], &["a", "b", "c"]] {
            assert_eq!(crate::text!(Joined(items, ", ")), items.join(", "));
        }
    }

    #[test]
    fn integers_are_written_as_display_writes_them() {
        assert_eq!(crate::text!(0u8, ' ', 255u8, ' ', 65_535u16, ' ', u32::MAX, ' ', u64::MAX, ' ', usize::MAX),
                   format!("0 255 65535 {} {} {}", u32::MAX, u64::MAX, usize::MAX));
        assert_eq!(crate::text!(i32::MIN, ' ', -1i32, ' ', 0i32, ' ', i32::MAX, ' ', i64::MIN, ' ', i64::MAX),
                   format!("{} -1 0 {} {} {}", i32::MIN, i32::MAX, i64::MIN, i64::MAX));
    }

    #[test]
    fn push_u64_writes_what_display_writes() {
        for n in [0, 1, 9, 10, 99, 100, 4096, 1_000_000, u64::from(u32::MAX), u64::MAX / 10, u64::MAX - 1, u64::MAX] {
            let mut out = String::from("x");
            push_u64(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn times_ten_is_checked_mul() {
        for n in [0, 1, 7, u64::MAX / 10 - 1, u64::MAX / 10, u64::MAX / 10 + 1, u64::MAX] {
            assert_eq!(times_ten(n), n.checked_mul(10), "{n}");
        }
    }

    #[test]
    fn integers_parse_as_std_does() {
        for text in ["", "+", "-", "0", "+0", "-0", "007", "42", "+42", "-42", "+-1", "-+1", "--1", "1 ", " 1", "1_000", "٣",
                     "18446744073709551615", "18446744073709551616", "9223372036854775807", "9223372036854775808",
                     "-9223372036854775808", "-9223372036854775809"] {
            assert_eq!(parse_u64(text), text.parse::<u64>().ok(), "{text:?}");
        }
    }

    #[test]
    fn trim_is_str_trim() {
        // Ending in ASCII that is not whitespace (the early stop) and not (the whole scan).
        for text in ["", " ", " \u{a0}\u{3000}\t\n", "a", " a ", "\u{2003}é b😀\u{2003}", "x\u{85}", "\u{85}x",
                     "\u{3000} a\u{a0}b", "\u{b}x", "x\u{b}", "x\u{1f}", "\u{1c}", "é", " é", "😀 x", "\u{2003}\u{2003}!"] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn until_any_stops_at_the_first_stop() {
        assert_eq!(until_any("host:1/path?q#f", b"/?#"), "host:1");
        assert_eq!(until_any("é?x", b"/?#"), "é");
        assert_eq!(until_any("plain", b"/?#"), "plain");
        assert_eq!(until_any("", b";"), "");
    }
}

/// The helpers against std on generated input (proptest is native-only).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    /// Short strings over a small alphabet (ASCII, 2- and 4-byte characters), so that
    /// needles actually occur in haystacks.
    fn small_text() -> impl Strategy<Value = String> {
        proptest::collection::vec(prop::sample::select(vec!['a', 'b', ' ', 'é', '😀']), 0..12)
            .prop_map(|chars| chars.into_iter().collect())
    }

    /// A piece of `text` between two character boundaries.
    fn slice_of(text: &str, a: Index, b: Index) -> &str {
        let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
        let (a, b) = (a.get(&bounds), b.get(&bounds));
        &text[*a.min(b)..*a.max(b)]
    }

    proptest! {
        #[test]
        fn any_u64_is_written_as_display_writes_it(n in any::<u64>()) {
            let mut out = String::new();
            push_u64(&mut out, n);
            prop_assert_eq!(out, n.to_string());
        }

        #[test]
        fn integers_parse_as_std_does_on_any_text(text in "[-+]?[0-9]{0,21}|.{0,4}") {
            prop_assert_eq!(parse_u64(&text), text.parse::<u64>().ok());
        }

        #[test]
        fn trim_matches_std(text in "\\PC*|[ \t\n\u{a0}\u{2003}\u{85}a-cé😀]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn split_matches_std(haystack in small_text(), separator in small_text()) {
            prop_assume!(!separator.is_empty());
            let ours: Vec<&str> = split(&haystack, &separator).collect();
            let std: Vec<&str> = haystack.split(separator.as_str()).collect();
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn find_and_split_once_match_std(haystack in small_text(), needle in small_text()) {
            prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
            prop_assert_eq!(split_once(&haystack, &needle), haystack.split_once(needle.as_str()));
        }

        #[test]
        fn arbitrary_strings_match_std(haystack in ".*", other in ".{1,3}", a in any::<Index>(), b in any::<Index>()) {
            // A needle taken from the haystack (found), and one that mostly is not.
            for needle in [slice_of(&haystack, a, b), other.as_str()] {
                prop_assert_eq!(find(&haystack, needle), haystack.find(needle));
                prop_assert_eq!(split_once(&haystack, needle), haystack.split_once(needle));
            }
        }
    }
}

/// Doc examples that reach the crate's internals, run as unit tests (a doc test sees
/// only the public API).
#[cfg(test)]
mod examples {
    #![allow(unused_imports)]
    use crate::prelude::*;

    /// `text::Piece`
    #[test]
    fn piece_line_28() {
        use crate::text::Piece;
        let mut out = String::new();
        "n=".push_to(&mut out);
        (-42i64).push_to(&mut out);
        '!'.push_to(&mut out);
        assert_eq!(out, "n=-42!");
    }

    /// `text::ECHO_MAX_CHARS`
    #[test]
    fn echo_max_chars_line_81() {
        assert_eq!(crate::text::ECHO_MAX_CHARS, 64);
    }

    /// `text::Clipped`
    #[test]
    fn clipped_line_91() {
        use crate::text::Clipped;
        assert_eq!(crate::text!(Clipped("txt")), "txt");
        let long = "é".repeat(100);
        assert_eq!(crate::text!(Clipped(&long)), format!("{}…", "é".repeat(64)));
    }

    /// `text::text`
    #[test]
    fn text_line_174() {
        let field = "text";
        let message = crate::text!(field, " is at most ", 4096u32, " characters");
        assert_eq!(message, "text is at most 4096 characters");
    }

    /// `text::push_value`
    #[test]
    fn push_value_line_207() {
        let mut out = String::from("page ");
        crate::text::push_value(&mut out, 7u32);
        assert_eq!(out, "page 7");
    }
}
