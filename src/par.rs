//! How many threads a run uses. Work is shared out with rayon, whose pool starts
//! its threads the first time anything runs in parallel. A small check does too
//! little for two threads to pay for themselves: starting them, each thread's own
//! fresh heap (zeroed by the kernel), and handing work back and forth cost more
//! than they save. A one-shot `check` therefore runs its pool on the calling
//! thread alone once its changeset turns out small ([`fit`]); results never
//! depend on the number of threads.

use std::sync::atomic::{AtomicBool, Ordering};

/// A range check of fewer changed paths than this runs on one thread.
pub const SMALL: usize = 256;

static ONE_SHOT: AtomicBool = AtomicBool::new(false);

/// This process makes one check (`specmoor check`): its size may decide the pool.
pub fn one_shot() {
    ONE_SHOT.store(true, Ordering::Relaxed);
}

/// Size the pool for a check of `paths` changed paths, if nothing has run in
/// parallel yet (the pool is made once; later calls change nothing).
pub fn fit(paths: usize) {
    if ONE_SHOT.load(Ordering::Relaxed) && paths < SMALL {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .use_current_thread()
            .build_global();
    }
}

static ENDS_AFTER: AtomicBool = AtomicBool::new(false);

/// This process ends once its one check is reported (`specmoor check`): what the
/// check built is left for the exit to free at once, not freed an allocation at a
/// time ([`leave`]).
pub fn ends_after_check() {
    ENDS_AFTER.store(true, Ordering::Relaxed);
}

/// Done with `value`: dropped, unless the process ends after this check
/// ([`ends_after_check`]), when it is left to the exit. Dropping a check's specs,
/// globs and repository handle took ~3 ms of a 1,000-path check, all of it on the
/// way to printing the report.
pub fn leave<T>(value: T) {
    if ENDS_AFTER.load(Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

/// Give the memory this thread has freed back to the system now, rather than after
/// the allocator's purge delay (100 ms, `src/main.rs`): called before the rules, which
/// make their findings on the pool's threads, whose heaps do not take pages this
/// thread freed. At 20,000 inexact renames the trees, facts and markers freed by then
/// were still resident when the 40,000 findings were made: peak RSS 132 -> 114 MB,
/// in the same time. (With another global allocator, as in unit tests, it collects
/// mimalloc's own, empty heap.)
pub fn give_back() {
    // SAFETY: mi_collect has no preconditions; it only frees what is already free
    unsafe { libmimalloc_sys::mi_collect(true) }
}
