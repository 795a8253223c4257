//! Platform-free message types.
