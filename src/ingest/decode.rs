//! Bytes → text. Accepts UTF-8 (with or without BOM), UTF-16 (LE/BE, with a
//! BOM, or without one when the byte pattern is unmistakable), and falls back
//! to Windows-1252 for bytes that are not valid UTF-8, with a notice. Binary
//! files (images, PDFs, executables) are refused with a message naming what
//! they look like.
//!
//! Line endings are normalised to `\n` here, once, so that every later stage
//! and every offset in the report works on the same text. The code is small
//! enough that a general encoding crate (whose tables would add hundreds of
//! KB to the page) is not worth it.

/// Decoded text and an optional caveat to show the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// What the bytes look like when they are not text.
pub fn sniff_binary(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (
            b"%PDF",
            "a PDF document (copy its text, or save it as .txt)",
        ),
        (b"RIFF", "a media file"),
        (b"\x7FELF", "a program"),
        (b"MZ", "a program"),
        (b"\x1F\x8B", "a gzip archive (unpack it, or use .zip)"),
        (b"Rar!", "a RAR archive (use .zip)"),
        (b"7z\xBC\xAF", "a 7-Zip archive (use .zip)"),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Microsoft Office document (save it as .txt)",
        ),
        (b"wOFF", "a font"),
        (b"\0asm", "a WebAssembly module"),
    ];
    MAGIC
        .iter()
        .find(|(m, _)| bytes.starts_with(m))
        .map(|(_, what)| *what)
}

/// True when the bytes start like a zip archive (also .docx/.epub).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Decode bytes to text, or say why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err("the file is empty".into());
    }
    if let Some(what) = sniff_binary(bytes) {
        return Err(format!("this looks like {what}, not text"));
    }
    let (text, note) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(s) => (s.to_string(), None),
            Err(_) => (windows_1252(rest), Some(cp1252_note())),
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (utf16(rest, true), None)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (utf16(rest, false), None)
    } else if let Some(little) = utf16_without_bom(bytes) {
        let which = if little { "UTF-16LE" } else { "UTF-16BE" };
        (
            utf16(bytes, little),
            Some(format!("no byte-order mark; read as {which}")),
        )
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => (windows_1252(bytes), Some(cp1252_note())),
        }
    };
    if looks_binary(&text) {
        return Err("this looks like a binary file, not text".into());
    }
    let text = normalise_newlines(text);
    if text.trim().is_empty() {
        return Err("the file holds no text".into());
    }
    Ok(Decoded { text, note })
}

fn cp1252_note() -> String {
    "not valid UTF-8; read as Windows-1252 (check accented letters and curly quotes)".into()
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalise_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn utf16(bytes: &[u8], little: bool) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16_lossy(&units)
}

/// UTF-16 without a BOM: most odd (LE) or even (BE) bytes are zero while the
/// others are not. Returns `Some(little_endian)`.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 {
        return None;
    }
    let sample = &bytes[..bytes.len().min(4096) & !1];
    // Both counts need zero bytes; most files have none, which a `memchr`
    // search (what `contains` does for bytes) tells fast.
    if !sample.contains(&0) {
        return None;
    }
    let pairs = sample.len() / 2;
    // Both counts in one pass over the sample.
    let (mut zero_odd, mut zero_even) = (0usize, 0usize);
    for c in sample.chunks_exact(2) {
        zero_odd += usize::from(c[1] == 0 && c[0] != 0);
        zero_even += usize::from(c[0] == 0 && c[1] != 0);
    }
    if zero_odd * 10 >= pairs * 7 {
        Some(true)
    } else if zero_even * 10 >= pairs * 7 {
        Some(false)
    } else {
        None
    }
}

/// Many control characters (other than tab, newline, carriage return, form
/// feed) mean this is not text.
fn looks_binary(text: &str) -> bool {
    // 8192 characters take at most 4 × 8192 bytes. When none of those
    // bytes is an ASCII control character or the first byte of a C1 control
    // (`\u{80}`–`\u{9F}`, 0xC2 …) or of U+FFFD (0xEF …), no character
    // counts; this test has no branch per byte, so the compiler vectorises
    // it (every file passes through here), and only files with such a byte
    // are counted character by character.
    let head = &text.as_bytes()[..text.len().min(4 * 8192)];
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0C'))
            | (b == 0x7F)
            | (b == 0xC2)
            | (b == 0xEF)
    };
    if !head.iter().fold(false, |any, &b| any | suspect(b)) {
        return false;
    }
    let mut total = 0usize;
    let mut control = 0usize;
    // The first 8192 characters, decoding only non-ASCII ones (every file
    // passes through here).
    let mut i = 0;
    while total < 8192 {
        let Some(&b) = text.as_bytes().get(i) else {
            break;
        };
        total += 1;
        let is_control = if b.is_ascii() {
            i += 1;
            b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r' | b'\x0C')
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            c.is_control() || c == '\u{FFFD}'
        };
        control += usize::from(is_control);
    }
    control > 0 && control * 20 > total
}

/// Windows-1252: Latin-1 except for 0x80–0x9F, which hold typographic marks.
pub fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode("Kyiv “peace”".as_bytes()).unwrap().text,
            "Kyiv “peace”"
        );
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("Kyiv".as_bytes());
        let d = decode(&b).unwrap();
        assert_eq!((d.text.as_str(), d.note), ("Kyiv", None));
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let s = "Zelenskiy said “yes”.";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, s);
        assert_eq!(decode(&be).unwrap().text, s);
    }

    #[test]
    fn utf16_without_bom_is_detected_with_a_note() {
        let s = "Plain English text with no byte order mark.";
        let le: Vec<u8> = s.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let d = decode(&le).unwrap();
        assert_eq!(d.text, s);
        assert!(d.note.unwrap().contains("UTF-16LE"));
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let d = decode(b"He said \x93peace\x94 \x96 caf\xE9").unwrap();
        assert_eq!(d.text, "He said “peace” – café");
        assert!(d.note.unwrap().contains("Windows-1252"));
    }

    #[test]
    fn binary_and_empty_are_refused_with_reasons() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
            .unwrap_err()
            .contains("PNG"));
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(b"  \n\n ").unwrap_err().contains("empty"));
        assert!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, 0, 14, 15, 16])
            .unwrap_err()
            .contains("binary"));
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(decode(b"a\r\nb\rc\n").unwrap().text, "a\nb\nc\n");
    }
}
