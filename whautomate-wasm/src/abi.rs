//! The numeric boundary between js/engine.js and the engine: what crosses, and where.
//!
//! Every export takes and returns numbers only, so JS calls it directly (js/whautomate.js
//! only loads the module; wasm-bindgen's generated glue is not shipped): no
//! string-passing shims, no `Result<_, JsValue>` multivalue shims, no value ever parked
//! in the externref table. Strings move through linear memory instead:
//!
//! - **in**: JS encodes its text (`TextEncoder.encodeInto`) into [`Engine::input`], a
//!   buffer the engine allocates (`input(capacity)` grows it and returns its address),
//!   and passes the byte lengths as arguments;
//! - **out**: the engine leaves up to two strings in [`Engine::out`] and writes their
//!   addresses and lengths into the [`Mailbox`], whose address JS reads once; JS decodes
//!   them with `TextDecoder`.
//!
//! A call that fails returns [`ERROR`] and leaves the error's JSON as the first output.

use crate::prelude::*;

use core::cell::UnsafeCell;

/// The largest input a call takes, in bytes (as JS writes it: up to 3 per UTF-16 unit):
/// 256 MiB. Far beyond any message or option set, and far from the 4 GiB a wasm32
/// memory can hold, so that a huge input is refused before it costs memory (linear
/// memory never shrinks) rather than trapping the allocator.
pub const MAX_INPUT: usize = 256 << 20;

/// What the exports return: defined with the rest of the protocol.
pub use crate::protocol::{ASK, DONE, ERROR};

/// Where JS finds the outputs of the last call: `[a_ptr, a_len, b_ptr, b_len]`, byte
/// addresses and lengths in linear memory, read through a `Uint32Array`.
#[repr(C)]
pub struct Mailbox {
    words: [u32; 4],
}

/// Handles handed to JS for engine-side objects: `index + 1`, so that 0 is never one.
pub struct Slab<T> {
    slots: Vec<Option<T>>,
    /// Indices of empty slots, so that inserting is O(1) however many handles are out.
    free: Vec<u32>,
}

impl<T> Slab<T> {
    const fn new() -> Self {
        Slab { slots: Vec::new(), free: Vec::new() }
    }

    /// Stores `value` in a free slot and returns its handle.
    pub fn insert(&mut self, value: T) -> u32 {
        let index = match self.free.pop() {
            Some(free) => {
                if let Some(slot) = self.slots.get_mut(free as usize) {
                    *slot = Some(value);
                }
                free
            }
            None => {
                self.slots.push(Some(value));
                self.slots.len() as u32 - 1
            }
        };
        index + 1
    }

    /// The value behind `handle`, unless it was never given out or was removed.
    pub fn get(&self, handle: u32) -> Option<&T> {
        self.slots.get((handle as usize).wrapping_sub(1))?.as_ref()
    }

    /// The value behind `handle`, to change it (walks and campaigns: the extras module's).
    #[cfg_attr(not(feature = "extras"), allow(dead_code))]
    pub fn get_mut(&mut self, handle: u32) -> Option<&mut T> {
        self.slots.get_mut((handle as usize).wrapping_sub(1))?.as_mut()
    }

    /// Removes and returns the value behind `handle`.
    pub fn remove(&mut self, handle: u32) -> Option<T> {
        let index = handle.wrapping_sub(1);
        let value = self.slots.get_mut(index as usize)?.take()?;
        self.free.push(index);
        Some(value)
    }
}

/// Everything the exports share: the I/O buffers and the objects JS holds handles to.
pub struct Engine {
    /// Bytes JS wrote for the current call (always initialised: `len()` is the capacity).
    input: Vec<u8>,
    /// The outputs of the last call (kept alive until the next call replaces them).
    out: [String; 2],
    mailbox: Mailbox,
    /// Checked options, one per distinct options object JS made clients with.
    #[cfg(feature = "send")]
    pub profiles: Slab<alloc::sync::Arc<whautomate::client::ClientOptions>>,
    /// `new Whautomate(...)` instances, each made on its first call.
    #[cfg(feature = "send")]
    pub clients: Slab<whautomate::__js::state::ClientState>,
    /// `messages.iterate(...)` walks (in the extras module).
    #[cfg(feature = "extras")]
    pub walks: Slab<crate::history::Walk>,
    /// `sendMany(...)` runs (in the extras module).
    #[cfg(feature = "extras")]
    pub campaigns: Slab<whautomate::__js::campaign::Campaign>,
}

/// The one engine of the module.
struct Global(UnsafeCell<Engine>);

// SAFETY: the npm build's wasm runs on a single thread (no shared memory, no threads),
// so the engine is never reached from two threads.
unsafe impl Sync for Global {}

static ENGINE: Global = Global(UnsafeCell::new(Engine {
    input: Vec::new(),
    out: [String::new(), String::new()],
    mailbox: Mailbox { words: [0; 4] },
    #[cfg(feature = "send")]
    profiles: Slab::new(),
    #[cfg(feature = "send")]
    clients: Slab::new(),
    #[cfg(feature = "extras")]
    walks: Slab::new(),
    #[cfg(feature = "extras")]
    campaigns: Slab::new(),
}));

/// The engine, for the duration of one export.
///
/// Only the `#[wasm_bindgen]` exports call this, once each, and pass the reference down.
/// The engine imports nothing from JS, so no export can be re-entered while another runs,
/// and no two of these references are ever alive at once.
pub fn engine() -> &'static mut Engine {
    // SAFETY: single-threaded, not re-entrant, one reference at a time (see above).
    unsafe { &mut *ENGINE.0.get() }
}

impl Engine {
    /// The address of the mailbox (fixed: the engine is a static).
    pub fn mailbox_addr(&self) -> u32 {
        &self.mailbox as *const Mailbox as u32
    }

    /// Makes the input buffer at least `capacity` bytes long; returns its address (which
    /// moves when it grows).
    pub fn reserve_input(&mut self, capacity: usize) -> u32 {
        if capacity > MAX_INPUT {
            return 0;
        }
        if self.input.len() < capacity {
            self.input = vec![0; capacity.checked_next_power_of_two().unwrap_or(capacity)];
        }
        self.input.as_ptr() as u32
    }

    /// The UTF-8 text JS wrote at `[start, start + len)` of the input buffer. JS writes
    /// with `TextEncoder`, which only produces valid UTF-8; anything else (a bug) reads as
    /// an empty string, which every caller rejects as invalid.
    pub fn text(&self, start: usize, len: usize) -> &str {
        // `is_utf8` rather than `str::from_utf8` or `utf8_chunks`: the same check, byte by
        // byte, without core's word-at-a-time loop and width table (text.rs says how much).
        match self.input.get(start..start.saturating_add(len)) {
            // SAFETY: `is_utf8` checked that the bytes are well-formed UTF-8 (tested
            // against `str::from_utf8` in whautomate's text.rs).
            Some(b) if whautomate::__js::is_utf8(b) => unsafe { core::str::from_utf8_unchecked(b) },
            _ => "",
        }
    }

    /// The caller's value JS wrote at `[start, start + len)` of the input buffer as a tape
    /// (js/encode.js `tape`; `whautomate::__js::json::tape`), read in input mode.
    #[cfg(any(feature = "send", feature = "extras"))]
    pub fn value(&self, start: usize, len: usize) -> Result<whautomate::__js::json::Value, whautomate::Error> {
        whautomate::__js::json::tape::read_input(self.text(start, len))
    }

    /// Publishes the outputs of this call: `a` first, `b` second (empty if none).
    pub fn output(&mut self, a: String, b: String) {
        self.out = [a, b];
        let [a, b] = &self.out;
        self.mailbox.words = [a.as_ptr() as u32, a.len() as u32, b.as_ptr() as u32, b.len() as u32];
    }

    /// Publishes `error` as the output and returns [`ERROR`].
    pub fn fail(&mut self, error_json: String) -> f64 {
        self.output(error_json, String::new());
        ERROR
    }

    /// Publishes `text` (a URL) as the output and returns [`ASK`]: the driver reads it and
    /// calls again with what it read.
    pub fn ask(&mut self, text: String) -> f64 {
        self.output(text, String::new());
        ASK
    }

    /// Publishes what a call produced: its two outputs (returning 0), or its error JSON
    /// (returning [`ERROR`]).
    pub fn publish(&mut self, result: Result<(String, String), String>) -> f64 {
        match result {
            Ok((a, b)) => {
                self.output(a, b);
                0.0
            }
            Err(error_json) => self.fail(error_json),
        }
    }

    /// A call's number (a verdict, a handle, a count), or [`ERROR`] with its error JSON
    /// published.
    pub fn answer(&mut self, result: Result<f64, String>) -> f64 {
        result.unwrap_or_else(|error_json| self.fail(error_json))
    }
}
