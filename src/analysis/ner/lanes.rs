//! Lane-wise adds of the tagger's integer score rows, its innermost loop
//! (every feature of every token adds a row of [`W`] weights per stage).
//!
//! Native builds at `opt-level = 3` vectorise the plain loops by
//! themselves. The WebAssembly build is optimised for size, where LLVM
//! vectorises nothing, so with the `simd128` target feature (set for
//! wasm32 in `.cargo/config.toml`; every current browser has WebAssembly
//! SIMD) the adds are written with its 128-bit instructions: four lanes at
//! a time instead of one, which made the workers' analysis ≈ 25 % faster.

use super::model::W;

/// `acc[i] += row[i]` for every lane, the weights widened to `i32`.
#[inline]
pub fn widen_add(acc: &mut [i32; W], row: &[i16; W]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{i32x4_add, i32x4_load_extend_i16x4, v128, v128_load, v128_store};
        for (a, r) in acc.chunks_exact_mut(4).zip(row.chunks_exact(4)) {
            let a = a.as_mut_ptr().cast::<v128>();
            // SAFETY: `a` and `r` are four in-bounds lanes (16 and 8
            // bytes); these instructions need no alignment.
            unsafe {
                v128_store(
                    a,
                    i32x4_add(v128_load(a), i32x4_load_extend_i16x4(r.as_ptr())),
                )
            };
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (a, r) in acc.chunks_exact_mut(4).zip(row.chunks_exact(4)) {
        a[0] += i32::from(r[0]);
        a[1] += i32::from(r[1]);
        a[2] += i32::from(r[2]);
        a[3] += i32::from(r[3]);
    }
}

/// `acc[i] -= row[i]` for every lane, the weights widened to `i32` (what
/// [`widen_add`] adds, taken out again).
#[inline]
pub fn widen_sub(acc: &mut [i32; W], row: &[i16; W]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{i32x4_load_extend_i16x4, i32x4_sub, v128, v128_load, v128_store};
        for (a, r) in acc.chunks_exact_mut(4).zip(row.chunks_exact(4)) {
            let a = a.as_mut_ptr().cast::<v128>();
            // SAFETY: as in `widen_add`.
            unsafe {
                v128_store(
                    a,
                    i32x4_sub(v128_load(a), i32x4_load_extend_i16x4(r.as_ptr())),
                )
            };
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (a, r) in acc.chunks_exact_mut(4).zip(row.chunks_exact(4)) {
        a[0] -= i32::from(r[0]);
        a[1] -= i32::from(r[1]);
        a[2] -= i32::from(r[2]);
        a[3] -= i32::from(r[3]);
    }
}

/// `acc[i] += src[i]` for every lane (both a whole number of four lanes
/// long; a remainder is left alone).
#[inline]
pub fn add(acc: &mut [i32], src: &[i32]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{i32x4_add, v128, v128_load, v128_store};
        for (a, s) in acc.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
            let a = a.as_mut_ptr().cast::<v128>();
            // SAFETY: `a` and `s` are four in-bounds lanes (16 bytes each);
            // these instructions need no alignment.
            unsafe {
                v128_store(
                    a,
                    i32x4_add(v128_load(a), v128_load(s.as_ptr().cast::<v128>())),
                )
            };
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (a, s) in acc.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
        a[0] += s[0];
        a[1] += s[1];
        a[2] += s[2];
        a[3] += s[3];
    }
}

/// Ask the processor to bring `r`'s cache line closer (a hint that never
/// faults and changes no result). The tagger's lookups land at random
/// places of a model of several megabytes; issued a few lookups ahead,
/// the loads overlap instead of waiting one after another. A no-op where
/// there is no such instruction (WebAssembly).
#[inline(always)]
pub fn prefetch<T>(r: &T) {
    prefetch_at(r);
}

/// [`prefetch`] of whatever lies at `p`, which may point anywhere (the
/// instruction never faults): the model's look-ups prefetch the slot and
/// the row of an index that they have not checked against the table's
/// length (checked, and as `Option`s, seed bundle 32.12 → 31.73 M
/// instructions, BASIL 1,485.6 → 1,472.8 M).
#[inline(always)]
pub fn prefetch_at<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch reads nothing the program sees and does not
        // fault on any address.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Test the adds against lane-by-lane sums, with weights at both ends of
/// the `i16` range; panics on a difference. Natively in this crate's
/// tests, with SIMD in the browser in the app's (the core names no web
/// crate, so it cannot run browser tests itself). Not used otherwise.
#[doc(hidden)]
pub fn check_every_lane() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..200 {
        let mut row = [0i16; W];
        let mut acc = [0i32; W];
        for (r, a) in row.iter_mut().zip(acc.iter_mut()) {
            *r = match round % 4 {
                0 => i16::MIN,
                1 => i16::MAX,
                _ => next() as i16,
            };
            *a = (next() as i32) >> 2;
        }
        let want: Vec<i32> = acc
            .iter()
            .zip(&row)
            .map(|(&a, &r)| a + i32::from(r))
            .collect();
        let mut got = acc;
        widen_add(&mut got, &row);
        assert_eq!(got.to_vec(), want);
        widen_sub(&mut got, &row);
        assert_eq!(got, acc);
        let src: Vec<i32> = row.iter().map(|&r| i32::from(r) * 3).collect();
        let want: Vec<i32> = acc.iter().zip(&src).map(|(&a, &s)| a + s).collect();
        let mut got = acc.to_vec();
        add(&mut got, &src);
        assert_eq!(got, want);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn adds_every_lane() {
        super::check_every_lane();
    }
}
