//! Work side by side on native builds: the per-article analysis
//! (`analysis::analyze_parallel`) and the bundle-level steps that follow,
//! whose parts do not depend on each other. In WebAssembly there are no
//! threads here (the browser spreads articles over web workers instead), so
//! everything runs in turn, as it does when one thread is asked for.
//!
//! Natively the work goes to a rayon pool of the requested number of
//! threads ([`install`]): nested [`join`]s and [`map`]s share those
//! threads, and a thread that runs out of work takes over a part of
//! another's (work stealing) instead of waiting at the end of its half.
//! Spawning a thread per half, as before, left one core idle behind
//! whichever half was longer, and the halves of a [`map`] nested in a
//! [`join`] shared two cores three ways. Inputs of very different sizes
//! (articles) go through [`map_largest_first`], so that the threads run
//! out of work at nearly the same time. While [`install`]'s work runs, a
//! thread of the pool that has none waits for more awake instead of
//! asleep (`wait_awake`): a run of a few milliseconds hands work from one
//! thread to the other a dozen times, and waking a thread took longer
//! than most of the work handed over.

/// Run `f` with `threads` threads for the [`join`]s and [`map`]s inside it
/// (a new pool, so per-thread caches start empty as in a new process); on
/// this thread when `threads` < 2, inside a pool already, or when no
/// thread can be started.
pub fn install<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && rayon::current_thread_index().is_none() {
        if let Some(pool) = pool(threads) {
            return pool.install(|| awake(f));
        }
    }
    let _ = threads;
    f()
}

/// `f()` on this thread of a pool, while the pool's other threads wait
/// for its work awake ([`wait_awake`]) instead of going to sleep.
#[cfg(not(target_arch = "wasm32"))]
fn awake<R>(f: impl FnOnce() -> R) -> R {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let done = Arc::new(AtomicBool::new(false));
    let _set = SetOnDrop(&done);
    let flag = Arc::clone(&done);
    let here = rayon::current_thread_index();
    rayon::spawn_broadcast(move |ctx| {
        // (This thread may take its own copy while it waits inside `f`.)
        if Some(ctx.index()) != here {
            KEPT_AWAKE.fetch_add(1, Ordering::Relaxed);
            wait_awake(|| flag.load(Ordering::Acquire));
            KEPT_AWAKE.fetch_sub(1, Ordering::Release);
        }
    });
    f()
}

/// The threads that [`awake`] keeps awake at the moment (the tests check
/// that they stop).
#[cfg(not(target_arch = "wasm32"))]
static KEPT_AWAKE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Sets its flag when dropped: when the work it stands beside returns or
/// unwinds.
#[cfg(not(target_arch = "wasm32"))]
struct SetOnDrop<'a>(&'a std::sync::atomic::AtomicBool);

#[cfg(not(target_arch = "wasm32"))]
impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// `rayon::join(a, b)`, this thread waiting for `b` awake
/// ([`wait_awake`]) when another thread took it.
#[cfg(not(target_arch = "wasm32"))]
fn join_awake<RA: Send, RB: Send>(
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let done = AtomicBool::new(false);
    let mut rb = None;
    let ra = rayon::scope(|s| {
        s.spawn(|_| {
            let _set = SetOnDrop(&done);
            rb = Some(b());
        });
        let ra = a();
        wait_awake(|| done.load(Ordering::Acquire));
        ra
    });
    match rb {
        Some(rb) => (ra, rb),
        // (A panic in `b` was resumed by the scope.)
        None => unreachable!("`b` ran in the scope"),
    }
}

/// Wait on a thread of a pool until `until()`, doing the pool's work
/// meanwhile, and looking for more without going to sleep, for up to
/// [`AWAKE`] without finding any. Rayon puts a thread that finds no work
/// to sleep within a few dozen tries, and a sleeping thread took ≈ 50 µs
/// to start on work given to it (this machine, a virtual one: ≈ 1 µs
/// awake). A two-thread run of the seed bundle hands work over a dozen
/// times, mostly in its bundle-level steps (resolution, speakers, tables:
/// ≈ 1.5 ms of wall clock, no less than on one thread): kept awake, the
/// run took 3.7–3.9 ms instead of 4.0–4.4 ms (`cargo bench --bench
/// pipeline`, runs of both builds in turn, four pairs of five).
#[cfg(not(target_arch = "wasm32"))]
fn wait_awake(until: impl Fn() -> bool) {
    let mut idle = std::time::Instant::now();
    while !until() {
        if rayon::yield_now() == Some(rayon::Yield::Executed) {
            idle = std::time::Instant::now();
        } else if idle.elapsed() > AWAKE {
            return;
        } else {
            std::thread::yield_now();
        }
    }
}

/// How long [`wait_awake`] looks for work before it leaves the thread to
/// rayon, which puts it to sleep: longer than the one-thread stretches of
/// a small bundle's run (≤ 0.6 ms on the seed bundle), short enough that
/// a long one (merging a large bundle's entities) does not keep a core
/// busy for nothing.
#[cfg(not(target_arch = "wasm32"))]
const AWAKE: std::time::Duration = std::time::Duration::from_millis(1);

/// Whether this thread works in a pool of more than one thread (natively:
/// inside [`install`], [`join`] or [`map`] with `threads` > 1).
pub fn in_pool_of_several() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    if rayon::current_thread_index().is_some() {
        return rayon::current_num_threads() > 1;
    }
    false
}

/// `(a(), b())`, `b` on a new thread of its own while `a` runs on this one
/// (natively; in turn in WebAssembly, and when no thread can be started).
/// Not a task of the pool: for work that a thread of the pool must not
/// take while it waits, such as the parts of what the pool's other
/// threads are waiting for (`ner::tagger`). A panic in either is resumed
/// here.
pub fn beside<RA, RB: Send>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::{Mutex, PoisonError};
        // `b` stays here until the new thread takes it: without a thread
        // it is run here after `a`.
        let job = Mutex::new(Some(b));
        let take = || job.lock().unwrap_or_else(PoisonError::into_inner).take();
        let (ra, there) = std::thread::scope(|s| {
            let there = std::thread::Builder::new()
                .name("parallax-beside".into())
                .spawn_scoped(s, || take().map(|b| b()))
                .ok();
            let ra = a();
            let there = there.and_then(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (ra, there)
        });
        match there.or_else(|| take().map(|b| b())) {
            Some(rb) => (ra, rb),
            None => unreachable!("`b` ran on the new thread or is still here"),
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let ra = a();
        (ra, b())
    }
}

/// A pool of `threads` threads, if they can be started.
#[cfg(not(target_arch = "wasm32"))]
fn pool(threads: usize) -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .ok()
}

/// `(a(), b())`, side by side when `threads` > 1 (native builds only; in
/// the current pool, or a new one of `threads` threads, [`install`]), else
/// one after the other. A panic in either is resumed here.
pub fn join<RA, RB>(
    threads: usize,
    a: impl FnOnce() -> RA + Send,
    b: impl FnOnce() -> RB + Send,
) -> (RA, RB)
where
    RA: Send,
    RB: Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 {
        if rayon::current_thread_index().is_some() {
            return join_awake(a, b);
        }
        if let Some(pool) = pool(threads) {
            return pool.install(|| rayon::join(a, b));
        }
    }
    let _ = threads;
    (a(), b())
}

/// `inputs.map(f)` in order, the inputs shared out among the threads when
/// `threads` > 1 (as [`join`]): inside a pool, each of its threads takes
/// the next run of inputs as it finishes one, and waits for the others
/// awake ([`wait_awake`]; rayon's parallel iterators wait asleep). The
/// runs are an eighth of the inputs on two threads: the seed bundle's
/// omission rows are 196 of a few microseconds each, and taken one at
/// a time the two cores passed the shared counter and the rows' locks to
/// and fro for each (two-thread seed runs, tenth percentile of 200:
/// 3.94 → 3.85 ms on average over six rounds, better in each).
pub fn map<I, R>(threads: usize, inputs: Vec<I>, f: impl Fn(I) -> R + Sync + Send) -> Vec<R>
where
    I: Send,
    R: Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && inputs.len() > 1 {
        use rayon::prelude::*;
        if rayon::current_thread_index().is_some() {
            let order: Vec<usize> = (0..inputs.len()).collect();
            let threads = rayon::current_num_threads();
            let chunk = inputs.len().div_ceil(threads * 4);
            return in_order_of(threads, &order, chunk, inputs, f);
        }
        if let Some(pool) = pool(threads) {
            return pool.install(|| inputs.into_par_iter().map(f).collect());
        }
    }
    let _ = threads;
    inputs.into_iter().map(f).collect()
}

/// [`map`] for inputs of very different sizes (articles): with more than
/// one thread the inputs are taken largest first (`size`), each thread
/// taking the next one as it finishes the last, and the results come back
/// in input order. Split in halves as [`map`] splits them, the inputs of
/// one half run in input order, and a long one met late kept one thread
/// busy while the other had finished (on BASIL's 300 articles the threads
/// ended 0–27 ms apart, ≈ 8 ms on average, of ≈ 130 ms; now within a
/// millisecond). Largest first, what is left at the end is the shortest
/// work (greedy list scheduling).
pub fn map_largest_first<I, R>(
    threads: usize,
    inputs: Vec<I>,
    size: impl Fn(&I) -> usize,
    f: impl Fn(I) -> R + Sync + Send,
) -> Vec<R>
where
    I: Send,
    R: Send,
{
    #[cfg(not(target_arch = "wasm32"))]
    if threads > 1 && inputs.len() > 1 {
        let mut order: Vec<usize> = (0..inputs.len()).collect();
        // Stable: inputs of one size keep their order.
        order.sort_by_key(|&i| std::cmp::Reverse(size(&inputs[i])));
        return install(threads, || in_order_of(threads, &order, 1, inputs, f));
    }
    let _ = (threads, size);
    inputs.into_iter().map(f).collect()
}

/// `inputs.map(f)` in input order, the inputs taken in the order `order`
/// (a permutation of their indices), `chunk` at a time, by `threads`
/// tasks of the current pool, this thread one of them (one after another
/// outside a pool: no thread could be started). A panic in `f` is resumed
/// here.
#[cfg(not(target_arch = "wasm32"))]
fn in_order_of<I, R>(
    threads: usize,
    order: &[usize],
    chunk: usize,
    inputs: Vec<I>,
    f: impl Fn(I) -> R + Sync,
) -> Vec<R>
where
    I: Send,
    R: Send,
{
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Mutex, PoisonError};
    if rayon::current_thread_index().is_none() {
        return inputs.into_iter().map(f).collect();
    }
    let n = inputs.len();
    let inputs: Vec<Mutex<Option<I>>> = inputs.into_iter().map(|x| Mutex::new(Some(x))).collect();
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        let chunk = chunk.max(1);
        loop {
            let k = next.fetch_add(chunk, Ordering::Relaxed);
            let taken = order.get(k..).unwrap_or_default();
            if taken.is_empty() {
                break;
            }
            for &i in taken.iter().take(chunk) {
                let input = inputs[i]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                if let Some(x) = input {
                    let r = f(x);
                    *results[i].lock().unwrap_or_else(PoisonError::into_inner) = Some(r);
                }
            }
        }
    };
    // The threads that finished their share.
    let finished = AtomicUsize::new(0);
    rayon::scope(|s| {
        for _ in 1..threads {
            s.spawn(|_| {
                work();
                finished.fetch_add(1, Ordering::Release);
            });
        }
        work();
        // (Awake until the others are done: the articles' analysis ends
        // here, and the bundle-level steps go on on this thread.)
        wait_awake(|| finished.load(Ordering::Acquire) + 1 >= threads);
    });
    results
        .into_iter()
        .filter_map(|r| r.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_results_come_back_in_order_on_one_thread_or_two() {
        let text = String::from("side by side");
        for threads in [1, 2] {
            let (a, b) = join(threads, || text.len(), || text.split(' ').count());
            assert_eq!((a, b), (12, 3));
        }
    }

    #[test]
    fn beside_runs_both_on_two_threads() {
        let here = std::thread::current().id();
        let (a, b) = beside(
            || (std::thread::current().id(), 2 + 2),
            || (std::thread::current().id(), "side".len()),
        );
        assert_eq!((a.1, b.1), (4, 4));
        assert_eq!(a.0, here);
        assert_ne!(b.0, here);
    }

    #[test]
    fn map_keeps_the_order_of_its_inputs() {
        let words = ["one", "two", "three", "four", "five"];
        for threads in [1, 2, 3] {
            for n in 0..=words.len() {
                let lengths = map(threads, words[..n].to_vec(), str::len);
                assert_eq!(
                    lengths,
                    words[..n].iter().map(|w| w.len()).collect::<Vec<_>>()
                );
            }
        }
    }

    #[test]
    fn largest_first_keeps_the_order_of_its_inputs() {
        let words = ["a", "three", "to", "seventeen", "", "four", "five", "six"];
        for threads in [1, 2, 3] {
            for n in 0..=words.len() {
                let out = map_largest_first(
                    threads,
                    words[..n].to_vec(),
                    |w| w.len(),
                    |w| format!("<{w}>"),
                );
                let want: Vec<String> = words[..n].iter().map(|w| format!("<{w}>")).collect();
                assert_eq!(out, want, "{threads} threads, {n} inputs");
            }
        }
        // Inside a pool already, as the articles are analysed.
        let out = install(2, || {
            map_largest_first(2, vec![3, 1, 2], |&k| k, |k| k * 10)
        });
        assert_eq!(out, [30, 10, 20]);
    }

    /// Waits until `flag` is set (true), or gives up after 20 s (false).
    #[cfg(not(target_arch = "wasm32"))]
    fn wait_for(flag: &std::sync::atomic::AtomicBool) -> bool {
        let start = std::time::Instant::now();
        while !flag.load(std::sync::atomic::Ordering::Acquire) {
            if start.elapsed().as_secs() >= 20 {
                return false;
            }
            std::thread::yield_now();
        }
        true
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn with_two_threads_both_parts_run_at_once() {
        use std::sync::atomic::{AtomicBool, Ordering};
        // One part waits for what only the other does: one after the
        // other, it would give up.
        let flag = AtomicBool::new(false);
        let (met, ()) = join(
            2,
            || wait_for(&flag),
            || flag.store(true, Ordering::Release),
        );
        assert!(met);
        // The same for the inputs of a map, inside a pool.
        let here = std::thread::current().id();
        let flag = AtomicBool::new(false);
        let (out, there) = install(2, || {
            let out = map(2, vec![0, 1], |k| {
                if k == 0 {
                    wait_for(&flag)
                } else {
                    flag.store(true, Ordering::Release);
                    true
                }
            });
            (out, std::thread::current().id())
        });
        assert_eq!(out, [true, true]);
        assert_ne!(there, here);
        let (_, b) = join(1, || (), || std::thread::current().id());
        assert_eq!(b, here);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_panic_on_the_second_thread_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| join(2, || 1, || -> u8 { panic!("boom") }));
        assert!(caught.is_err());
        let caught = std::panic::catch_unwind(|| {
            map_largest_first(
                2,
                vec![1, 2, 3],
                |&k| k,
                |k| {
                    assert_ne!(k, 2, "boom");
                    k
                },
            )
        });
        assert!(caught.is_err());
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn inside_a_pool_joins_and_maps_give_what_they_give_outside() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let words: Vec<String> = (0..200).map(|k| "x".repeat(k % 7)).collect();
        let (joined, mapped, met) = install(2, || {
            let joined = join(2, || words.len(), || words.concat().len());
            let mapped = map(2, words.clone(), |w| w.len());
            // Both parts of a join at once: the first waits for the second.
            let flag = AtomicBool::new(false);
            let (met, ()) = join(
                2,
                || wait_for(&flag),
                || flag.store(true, Ordering::Release),
            );
            (joined, mapped, met)
        });
        assert_eq!(joined, (200, words.concat().len()));
        assert_eq!(mapped, words.iter().map(String::len).collect::<Vec<_>>());
        assert!(met);
        // A panic in either part, or in an input of a map, reaches the
        // caller; the pool's threads do not wait for ever.
        for side in 0..3 {
            let caught = std::panic::catch_unwind(|| {
                install(2, || match side {
                    0 => join(2, || -> u8 { panic!("boom") }, || 1).0,
                    1 => join(2, || 1, || -> u8 { panic!("boom") }).1,
                    _ => map(2, vec![1u8, 2, 3], |k| {
                        assert_ne!(k, 2, "boom");
                        k
                    })[0],
                })
            });
            assert!(caught.is_err(), "side {side}");
        }
        // The threads kept awake stop once the work is done (other tests'
        // pools may keep some awake for a while).
        let start = std::time::Instant::now();
        while KEPT_AWAKE.load(std::sync::atomic::Ordering::Acquire) > 0 {
            assert!(start.elapsed().as_secs() < 20, "a thread stays awake");
            std::thread::yield_now();
        }
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn largest_first_runs_two_inputs_at_once() {
        use std::sync::atomic::{AtomicBool, Ordering};
        // The larger input, taken first, waits for what only the other does.
        let flag = AtomicBool::new(false);
        let out = map_largest_first(
            2,
            vec![1, 2],
            |&k| k,
            |k| {
                if k == 2 {
                    wait_for(&flag)
                } else {
                    flag.store(true, Ordering::Release);
                    true
                }
            },
        );
        assert_eq!(out, [true, true]);
    }
}
