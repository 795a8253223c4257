//! What the client needs from its platform besides the network: a clock, timers and
//! randomness. Kept behind a trait so that retry and rate-limit timing is tested on a
//! fake clock instead of by sleeping.

use crate::transport::MaybeSend;
use crate::TransportError;
use core::future::Future;

/// Clock, timers and jitter source of a platform. `Signal` is the platform's cancellation
/// token (a JS `AbortSignal` in wasm).
///
/// ```
/// use futures_executor::block_on;
/// use whautomate::client::Runtime;
/// use whautomate::transport::memory::MemoryRuntime;
/// fn elapsed<R: Runtime>(runtime: &R, since_ms: f64) -> f64 {
///     runtime.now_ms() - since_ms
/// }
/// let runtime = MemoryRuntime::new(1_000.0);
/// block_on(runtime.sleep(250, None)).unwrap();
/// assert_eq!(elapsed(&runtime, 1_000.0), 250.0);
/// assert!(!runtime.is_aborted(None));
/// ```
pub trait Runtime {
    /// Cancellation token the caller may pass per call.
    type Signal;
    /// Milliseconds since the Unix epoch (the wall clock: schedules and `Retry-After`
    /// dates are read against it).
    fn now_ms(&self) -> f64;
    /// Milliseconds on a monotonic clock, from any origin: the rate limit runs on it, so
    /// that a wall clock stepped back or forward neither stalls nor floods it.
    fn monotonic_ms(&self) -> f64;
    /// A uniformly distributed number in `[0, 1)`, for backoff jitter.
    fn random(&self) -> f64;
    /// Waits `ms` milliseconds; ends early with [`TransportError::Aborted`] when `signal` fires.
    fn sleep(&self, ms: u64, signal: Option<&Self::Signal>) -> impl Future<Output = Result<(), TransportError>> + MaybeSend;
    /// Whether `signal` has already fired.
    fn is_aborted(&self, signal: Option<&Self::Signal>) -> bool;
}
