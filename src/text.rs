//! Building messages without `core::fmt`.
//!
//! `format!` pulls core's formatting machinery (`fmt::write`, padding, every `Display`
//! impl it reaches) into the npm package's .wasm, where every error message is built.
//! [`text!`](crate::text!) concatenates [`Piece`]s instead: string slices as they are,
//! integers through `itoa` (which does not use `core::fmt`).

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
macro_rules! integer_pieces {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn push_to(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        }
    )*};
}
integer_pieces!(u8, u16, u32, u64, usize, i32, i64);

/// Concatenates pieces into a new `String`.
///
/// ```
/// let field = "text";
/// let message = whautomate::text!(field, " is at most ", 4096u32, " characters");
/// assert_eq!(message, "text is at most 4096 characters");
/// ```
#[macro_export]
macro_rules! text {
    ($($piece:expr),* $(,)?) => {{
        let mut out = $crate::__private::String::new();
        $( $crate::text::Piece::push_to(&$piece, &mut out); )*
        out
    }};
}
