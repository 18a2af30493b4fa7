//! Panics are bugs: the binary installs a panic hook that says "internal error, please
//! report" with the context and exits with a distinct code (101), so CI and the Action
//! surface it. (The debug build can be asked to panic for this test; the release
//! build cannot.) Every other suite asserts that no input reaches it.

mod common;
use common::*;

#[test]
fn a_panic_says_internal_error_and_exits_101() {
    let r = Repo::new();
    let out = r
        .specmoor_cmd_in(r.path())
        .env("SPECMOOR_DEBUG_PANIC", "1")
        .args(["check"])
        .output()
        .expect("spawn");
    assert_eq!(code(&out), 101, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("internal error, please report"), "{err}");
    assert!(err.contains("version "), "{err}");
    assert!(err.contains("command:"), "{err}");
}
