//! Zip archives: every supported file inside (nested folders, and zips in
//! zips up to a depth limit) is ingested as if dropped on its own, with the
//! path `archive.zip/folder/file.txt`. Guards against zip bombs: a cap on
//! members, on each member's real unpacked size (read with a hard limit, not
//! trusting the header), on the total, and on the compression ratio.

use super::{formats, limits::human_bytes, Bundle, Limits};
use crate::report::Notice;
use std::io::{Cursor, Read};

/// Ingest the members of a zip archive. `total` is the bytes the bundle
/// holds so far; each unpacked member adds to it (see
/// [`Limits::max_total_bytes`]).
pub fn ingest(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: u32,
    total: &mut u64,
    bundle: &mut Bundle,
) {
    if depth >= limits.max_zip_depth {
        bundle.notices.push(Notice::error(
            path,
            format!(
                "skipped: zip archives nested more than {} deep",
                limits.max_zip_depth
            ),
        ));
        return;
    }
    let mut archive = match ::zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => {
            bundle.notices.push(Notice::error(
                path,
                format!("not a readable zip archive ({e})"),
            ));
            return;
        }
    };
    if archive.len() > limits.max_zip_entries {
        bundle.notices.push(Notice::error(
            path,
            format!(
                "skipped: {} files inside, over the limit of {}",
                archive.len(),
                limits.max_zip_entries
            ),
        ));
        return;
    }
    let (articles_before, notices_before) = (bundle.articles.len(), bundle.notices.len());
    // What this archive's members unpacked to, and their packed size (never
    // counted past the archive's own size: members may overlap).
    let mut unpacked: u64 = 0;
    let mut packed: u64 = 0;
    for i in 0..archive.len() {
        let mut member = match archive.by_index(i) {
            Ok(m) => m,
            Err(e) => {
                bundle.notices.push(Notice::error(
                    path,
                    format!("member {} cannot be read ({e})", i + 1),
                ));
                continue;
            }
        };
        let name = member
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| format!("member {}", i + 1));
        let inner = format!("{path}/{}", name.trim_start_matches('/'));
        if member.is_dir() || is_noise(&name) {
            continue;
        }
        if member.encrypted() {
            bundle
                .notices
                .push(Notice::error(inner, "skipped: the file is encrypted"));
            continue;
        }
        let room = limits.max_total_bytes.saturating_sub(*total);
        let cap = limits.max_file_bytes.min(room);
        let mut data = Vec::new();
        let read = (&mut member).take(cap + 1).read_to_end(&mut data);
        if let Err(e) = read {
            bundle
                .notices
                .push(Notice::error(inner, format!("cannot be unpacked ({e})")));
            continue;
        }
        let size = data.len() as u64;
        if size > cap {
            let why = if cap == limits.max_file_bytes {
                format!(
                    "skipped: unpacks to more than {} (zip-bomb guard)",
                    human_bytes(cap)
                )
            } else {
                super::limits::over_total(limits)
            };
            bundle.notices.push(Notice::error(inner, why));
            continue;
        }
        let compressed = member.compressed_size().clamp(1, bytes.len().max(1) as u64);
        if size > MB && size / compressed > limits.max_zip_ratio {
            bundle.notices.push(Notice::error(
                inner,
                format!(
                    "skipped: compressed more than {}:1 (zip-bomb guard)",
                    limits.max_zip_ratio
                ),
            ));
            continue;
        }
        // Many small members can add up to a bomb too.
        let (all_unpacked, all_packed) = (
            unpacked + size,
            (packed + compressed).min(bytes.len().max(1) as u64),
        );
        if all_unpacked > MB && all_unpacked / all_packed > limits.max_zip_ratio {
            bundle.notices.push(Notice::error(
                path,
                format!(
                    "stopped reading at {inner}: the files inside unpack to more than {} times their packed size (zip-bomb guard)",
                    limits.max_zip_ratio
                ),
            ));
            break;
        }
        unpacked = all_unpacked;
        packed = all_packed;
        *total += size;
        drop(member);
        formats::ingest_file(&inner, &data, limits, depth + 1, total, bundle);
    }
    if bundle.notices.len() == notices_before && bundle.articles.len() == articles_before {
        bundle.notices.push(Notice::error(
            path,
            "the zip archive holds no files to read",
        ));
    }
}

/// Members (and archives) up to this size are not checked for their
/// compression ratio: small text compresses well and is harmless.
const MB: u64 = 1024 * 1024;

/// macOS resource forks, hidden files and OS litter.
pub fn is_noise(name: &str) -> bool {
    name.split('/')
        .any(|c| c == "__MACOSX" || (c.starts_with('.') && c.len() > 1))
        || name.ends_with("Thumbs.db")
        || name.ends_with("desktop.ini")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub(crate) fn make_zip(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut w = ::zip::ZipWriter::new(&mut buf);
            let opts = ::zip::write::SimpleFileOptions::default()
                .compression_method(::zip::CompressionMethod::Deflated);
            for (name, data) in files {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        buf.into_inner()
    }

    #[test]
    fn members_in_folders_and_nested_zips() {
        let inner = make_zip(&[("c.txt", b"Third story text." as &[u8])]);
        let z = make_zip(&[
            ("a.txt", b"First story text." as &[u8]),
            ("dir/b.md", b"Second story text."),
            ("__MACOSX/._a.txt", b"junk"),
            ("inner.zip", &inner),
            ("pic.png", b"\x89PNG\r\n\x1a\n\0\0"),
        ]);
        let mut b = Bundle::default();
        ingest("bundle.zip", &z, &Limits::default(), 0, &mut 0, &mut b);
        let files: Vec<_> = b
            .articles
            .iter()
            .map(|a| a.source_file.clone().unwrap())
            .collect();
        assert_eq!(
            files,
            [
                "bundle.zip/a.txt",
                "bundle.zip/dir/b.md",
                "bundle.zip/inner.zip/c.txt"
            ]
        );
        assert_eq!(b.notices.len(), 1);
        assert_eq!(b.notices[0].file, "bundle.zip/pic.png");
    }

    #[test]
    fn bombs_and_corrupt_archives_get_messages() {
        let big = vec![b'a'; 3 * 1024 * 1024];
        let z = make_zip(&[("bomb.txt", &big)]);
        let mut b = Bundle::default();
        ingest("b.zip", &z, &Limits::default(), 0, &mut 0, &mut b);
        assert!(b.articles.is_empty());
        assert!(b.notices[0].message.contains("zip-bomb"), "{:?}", b.notices);

        let limits = Limits {
            max_file_bytes: 1000,
            ..Limits::default()
        };
        let mut b = Bundle::default();
        ingest("b.zip", &z, &limits, 0, &mut 0, &mut b);
        assert!(b.notices[0].message.contains("more than 1000 bytes"));

        let mut b = Bundle::default();
        ingest(
            "broken.zip",
            b"PK\x03\x04garbage",
            &Limits::default(),
            0,
            &mut 0,
            &mut b,
        );
        assert!(b.notices[0].message.contains("not a readable zip"));
    }
}
