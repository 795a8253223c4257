//! What std would provide to the npm build's `no_std` wasm: an allocator and a panic
//! handler.
//!
//! Why `no_std` at all, measured 2026-12-06 (BENCHMARKS.md, "Stack choices"): the
//! package's browser bundle is 43.6 KB gzip so; built with std it is 48.9 KB (+5.3 KB:
//! std's panic and formatting machinery about 2 KB, its dlmalloc about 3 KB), and
//! `prepare` is no faster.
//!
//! The panic handler traps without formatting anything. That is what keeps core's
//! formatting and std's panic machinery out of the .wasm; and the SDK does not panic on
//! any input (the fuzz suites check that), so there is no message to lose. Were it to
//! trap, the JS call would throw a `WebAssembly.RuntimeError`, as with std's `panic = "abort"`.

// SAFETY: the npm package's wasm runs on one thread (no shared memory, no threads), which
// is what `AssumeSingleThreaded` requires.
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
