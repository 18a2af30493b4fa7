//! The pure core of specmoor: the config, the spec model, ownership, the rules, waivers
//! and the report they make. Nothing here touches the file system, the terminal, the
//! clock or a repository: the `specmoor` crate (the shell) reads those and hands the
//! core plain data. The dependency on this crate is the compiler's proof that rules
//! never do I/O.
//!
//! Inside, dependencies point one way: `codes` (rule codes, severities) ←
//! `finding` ← `error`, `model`, `glob`, `spec`, `config` ← `specset`, `generated`,
//! `breaking`, `waiver`, `tags` ← `rules`. `bump` edits spec text.

pub mod breaking;
pub mod bump;
pub mod codes;
pub mod config;
pub mod error;
pub mod finding;
pub mod generated;
pub mod glob;
pub mod model;
pub mod requirements;
pub mod rules;
pub mod spec;
pub mod specset;
pub mod tags;
pub mod treemap;
pub mod waiver;
pub mod yaml;
