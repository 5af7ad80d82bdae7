//! The native tool's allocator: mimalloc, asked for plain blocks whenever
//! any block of mimalloc's is aligned enough.
//!
//! The `mimalloc` crate's `MiMalloc` asks for every block through
//! mimalloc's aligned entry points (`mi_malloc_aligned(size, align)`, and
//! the same for zeroed and resized blocks). In mimalloc 3 those take the
//! plain path only when the size class is a power of two or the current
//! page's next free block happens to fit; otherwise they over-allocate (a
//! larger block, the pointer moved up to the alignment) on a slower path.
//! All of mimalloc's blocks are aligned to at least 8 bytes (size classes
//! are whole words, pages start aligned), so for an alignment of 8 or less
//! — nearly everything Rust allocates — the plain calls give what was
//! asked for. Seed bundle,
//! one thread: 32.59 → 32.00 M instructions; BASIL 1,494.6 → 1,467.8 M
//! (callgrind, the same reports). The same finding:
//! purpleprotocol/mimalloc_rust pull request 170.

use core::alloc::{GlobalAlloc, Layout};
use core::ffi::c_void;
use libmimalloc_sys as mi;

/// The largest alignment every block of mimalloc's has (a machine word:
/// `MI_INTPTR_SIZE`).
const PLAIN_ALIGN: usize = 8;

/// mimalloc, through its plain entry points where they suffice
/// ([`PLAIN_ALIGN`]), else through `MiMalloc`'s aligned ones.
pub struct Allocator;

// SAFETY: every method hands the request to mimalloc: to its plain
// functions only when `layout.align() <= PLAIN_ALIGN`, which every block
// of mimalloc's satisfies, otherwise to `MiMalloc`, whose aligned calls
// honour any alignment. Blocks from either are mimalloc blocks, which
// `mi_free` and `mi_realloc` accept whichever call made them.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: mimalloc's malloc takes any size.
            unsafe { mi::mi_malloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { mimalloc::MiMalloc.alloc(layout) }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: mimalloc's zalloc takes any size.
            unsafe { mi::mi_zalloc(layout.size()).cast() }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= PLAIN_ALIGN {
            // SAFETY: `ptr` is a mimalloc block (from this allocator), and
            // the new block is aligned as every mimalloc block is.
            unsafe { mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast() }
        } else {
            // SAFETY: the caller's contract, passed on.
            unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks of every alignment up to a page, of sizes around each size
    /// class, come back aligned, zeroed when asked, and keep their bytes
    /// when resized.
    #[test]
    fn blocks_are_aligned_zeroed_and_kept() {
        let a = Allocator;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in (1..=80).chain([127, 128, 129, 1000, 4095, 70_000]) {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: `layout` has a non-zero size; each block is used
                // within its size and freed once, with its layout.
                unsafe {
                    let p = a.alloc_zeroed(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size}, align {align}");
                    let bytes = std::slice::from_raw_parts_mut(p, size);
                    assert!(bytes.iter().all(|&b| b == 0));
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = i as u8;
                    }
                    let q = a.realloc(p, layout, size * 3);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % align, 0, "resized: size {size}, align {align}");
                    let kept = std::slice::from_raw_parts(q, size);
                    assert!(kept.iter().enumerate().all(|(i, &b)| b == i as u8));
                    let grown = Layout::from_size_align_unchecked(size * 3, align);
                    a.dealloc(q, grown);
                    let r = a.alloc(layout);
                    assert!(!r.is_null());
                    assert_eq!(r as usize % align, 0);
                    a.dealloc(r, layout);
                }
            }
        }
    }
}
