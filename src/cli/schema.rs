//! `specmoor schema` (specs/config.md CF-5).

use super::emit;
use crate::error::Result;

pub fn run() -> Result<i32> {
    emit(&crate::config::json_schema())?;
    Ok(0)
}
