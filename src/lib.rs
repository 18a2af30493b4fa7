//! specmoor keeps a repository's specs and its code from drifting apart.
//!
//! The library is the whole program; `main.rs` only maps the outcome to an exit
//! code. Data flows one way: config → changeset (git) → specs → ownership → rules →
//! report → renderer.

pub mod breaking;
pub mod bump;
pub mod cache;
pub mod check;
pub mod cli;
pub mod codes;
pub mod config;
pub mod coverage;
pub mod error;
pub mod finding;
pub mod generated;
pub mod genscan;
pub mod git;
pub mod glob;
pub mod hooks;
pub mod init;
pub mod model;
pub mod release;
pub mod report;
pub mod rules;
pub mod spec;
pub mod specset;
pub mod timing;
pub mod waiver;
