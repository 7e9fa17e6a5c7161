//! EU Digital Services Act statements of reasons (Art. 17), in the shape
//! of the DSA Transparency Database API (SPEC section 10; `docs/DSA.md`).
//!
//! The mapping comes from `dsa:` blocks in rules files; [`Engine::statements`]
//! turns a judged post into statements, each checked by [`validate`]
//! before it is returned.
//!
//! [`Engine::statements`]: crate::Engine::statements

mod mapping;
mod read;
mod statement;
mod validate;
pub mod values;

pub(crate) use mapping::Mapping;
pub(crate) use read::DsaDef;
pub use statement::{parse_time, Judged, Statements};
pub use validate::validate;

/// Most statements the API takes in one call.
pub const BATCH: usize = 100;
