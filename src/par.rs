//! Work side by side on native builds: the bundle-level steps that follow
//! the per-article analysis (`analysis::analyze_parallel`) have parts that
//! do not depend on each other. In WebAssembly there are no threads here
//! (the browser spreads articles over web workers instead), so everything
//! runs in turn, as it does when one thread is asked for.

/// `(a(), b())`: `b` on a second thread while this one runs `a` when
/// `threads` > 1 (native builds only), else one after the other. A panic
/// in either is resumed here.
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
        return std::thread::scope(|s| {
            let b = s.spawn(b);
            let ra = a();
            let rb = b
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (ra, rb)
        });
    }
    let _ = threads;
    (a(), b())
}

/// `inputs.map(f)` in order, the first half on this thread and the second
/// on another when `threads` > 1 ([`join`]).
pub fn map<I, R>(threads: usize, mut inputs: Vec<I>, f: impl Fn(I) -> R + Sync) -> Vec<R>
where
    I: Send,
    R: Send,
{
    if threads < 2 || inputs.len() < 2 {
        return inputs.into_iter().map(f).collect();
    }
    let second = inputs.split_off(inputs.len() / 2);
    let (mut out, rest): (Vec<R>, Vec<R>) = join(
        threads,
        || inputs.into_iter().map(&f).collect(),
        || second.into_iter().map(&f).collect(),
    );
    out.extend(rest);
    out
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
    #[cfg(not(target_arch = "wasm32"))]
    fn with_two_threads_the_second_part_runs_elsewhere() {
        let here = std::thread::current().id();
        let (a, b) = join(
            2,
            || std::thread::current().id(),
            || std::thread::current().id(),
        );
        assert_eq!(a, here);
        assert_ne!(b, here);
        let (_, b) = join(1, || (), || std::thread::current().id());
        assert_eq!(b, here);
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_panic_on_the_second_thread_reaches_the_caller() {
        let caught = std::panic::catch_unwind(|| join(2, || 1, || -> u8 { panic!("boom") }));
        assert!(caught.is_err());
    }
}
