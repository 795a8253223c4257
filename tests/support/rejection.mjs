// The error a promise rejects with; fails the test if it fulfils instead.
import assert from "node:assert/strict";

/** Awaits `promise` and returns what it rejected with (an assertion fails if it did not). */
export async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}
