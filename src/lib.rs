//! specmoor keeps a repository's specs and its code from drifting apart.
//!
//! The library is the whole program; `main.rs` only maps the outcome to an exit
//! code. Data flows one way: config → changeset (git) → specs → ownership → rules →
//! report → renderer.

pub mod audit;
pub mod cache;
pub mod check;
pub mod cli;
pub mod clock;
pub mod config_file;
pub mod coverage;
pub mod coverage_map;
pub mod genscan;
pub mod git;
pub mod gix_error;
pub mod hooks;
pub mod infer;
pub mod init;
pub mod par;
pub mod release;
pub mod report;
pub mod requirements;
pub mod tagscan;
pub mod tagtree;
pub mod timing;
pub mod write;

// The pure core, under the paths the shell and its users have always used.
pub use specmoor_core::{
    breaking, bump, codes, config, error, finding, generated, glob, model, rules, spec, specset,
    tags, waiver,
};
