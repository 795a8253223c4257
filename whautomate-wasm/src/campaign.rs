//! `sendMany` in the npm package: the engine's accounting ([`Campaign`]) behind handles,
//! for js/api.js, which performs the sends and holds the results' error objects.

use crate::prelude::*;

use crate::abi::engine;
use crate::errors::error_json;
use whautomate::__js::campaign::{not_started, BulkOptions, BulkState, Campaign, Outcome};
use whautomate::__js::js_options;
use whautomate::__js::json::ObjectWriter;
use wasm_bindgen::prelude::*;

/// A `sendMany` of `count` messages and its options, checked: the input holds the client
/// (`client_len` bytes, see [`crate::scope`]: its key is removed from the error), then
/// the options (`len` bytes of their tape, `n` for none). Returns the concurrency, or
/// [`ERROR`](crate::abi::ERROR).
#[wasm_bindgen(js_name = sendManyOptions)]
pub fn send_many_options(client_len: u32, len: u32, count: u32) -> f64 {
    let engine = engine();
    let checked = crate::scope::with_scope(engine, client_len as usize, |_| {
        engine.value(client_len as usize, len as usize).and_then(|doc| js_options::check_send_many(&doc, count as usize))
    });
    engine.answer(checked.map(|options| options.concurrency as f64))
}

/// A run of `total` inputs with `concurrency` in flight (as `sendManyOptions` checked
/// it); returns its handle.
#[wasm_bindgen(js_name = campaignNew)]
pub fn campaign_new(total: u32, concurrency: u32) -> u32 {
    engine().campaigns.insert(Campaign::new(total as usize, BulkOptions { concurrency: concurrency as usize }))
}

/// Queues input `index` (it passed validation), or refuses it (`queued` false: it did
/// not). Returns the state number of a refused input (`STATES` of the protocol, src/protocol.rs).
#[wasm_bindgen(js_name = campaignAdd)]
pub fn campaign_add(handle: u32, index: u32, queued: bool) -> u32 {
    if let Some(run) = engine().campaigns.get_mut(handle) {
        if queued {
            run.enqueue(index as usize);
        } else {
            run.refuse(index as usize);
        }
    }
    number(BulkState::Failed)
}

/// A state's number on the boundary: its place in [`BulkState::ALL`].
fn number(state: BulkState) -> u32 {
    BulkState::ALL.iter().position(|&s| s == state).unwrap_or(0) as u32
}

/// How many sends to keep in flight.
#[wasm_bindgen(js_name = campaignWorkers)]
pub fn campaign_workers(handle: u32) -> u32 {
    engine().campaigns.get(handle).map_or(0, |run| run.workers() as u32)
}

/// The next input to send, or -1 when there is none (or the run was `cancelled`).
#[wasm_bindgen(js_name = campaignNext)]
pub fn campaign_next(handle: u32, cancelled: bool) -> i32 {
    engine().campaigns.get_mut(handle).and_then(|run| run.next(cancelled)).map_or(-1, |i| i as i32)
}

/// Files input `index`: `sent`, or failed with the error's `mayHaveBeenSent`. Returns its
/// state's number (`STATES` of the protocol, src/protocol.rs).
#[wasm_bindgen(js_name = campaignSettle)]
pub fn campaign_settle(handle: u32, index: u32, sent: bool, may_have_been_sent: bool) -> u32 {
    let outcome = if sent { Outcome::Sent } else { Outcome::Failed { may_have_been_sent } };
    let state = engine().campaigns.get_mut(handle).map_or(BulkState::of(outcome), |run| run.settle(index as usize, outcome));
    number(state)
}

/// Outputs the counts as JSON: `{"total","sent","failed","unknown","pending"}`.
#[wasm_bindgen(js_name = campaignProgress)]
pub fn campaign_progress(handle: u32) {
    let engine = engine();
    let p = engine.campaigns.get(handle).map(Campaign::progress).unwrap_or_default();
    let mut out = String::new();
    let mut o = ObjectWriter::new(&mut out);
    o.u64("total", p.total as u64).u64("sent", p.sent as u64).u64("failed", p.failed as u64).u64("unknown", p.unknown as u64).u64("pending", p.pending as u64);
    o.end();
    engine.output(out, String::new());
}

/// Files every input a cancellation left unsent as failed; outputs their indices (a
/// JSON array) and the error they share, and returns their state number.
#[wasm_bindgen(js_name = campaignUnstarted)]
pub fn campaign_unstarted(handle: u32) -> u32 {
    let engine = engine();
    let rest = engine.campaigns.get_mut(handle).map(Campaign::unstarted).unwrap_or_default();
    let mut out = String::from("[");
    for (i, index) in rest.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        whautomate::__js::push_u64(&mut out, *index as u64);
    }
    out.push(']');
    engine.output(out, error_json(&not_started()));
    number(BulkState::Failed)
}

/// Ends a run.
#[wasm_bindgen(js_name = campaignFree)]
pub fn campaign_free(handle: u32) {
    engine().campaigns.remove(handle);
}
