//! The one way esep reads an input file (data, templates, the HTML stylesheet).
//!
//! Inputs come from a project directory someone else may have prepared, so a file is read
//! only if it is a regular file whose real path (symbolic links resolved) stays inside the
//! directory it was found in: a link to `/etc/passwd` is refused without being opened, and
//! its target's content never reaches a page or a diagnostic. The file type is checked
//! before opening, because opening a FIFO blocks until someone writes to it, and the size
//! cap is enforced while reading, because a device such as `/dev/zero` reports size 0.
//! Every text read here is remembered so diagnostics can quote its lines without opening
//! the file again.

use crate::diag::{Code, Diagnostic, Span, remember_source};
use std::path::Path;

/// Largest input file esep reads; a report's source is a few kilobytes.
pub(super) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads `path`, which must lie inside `root` (after resolving symbolic links), as UTF-8
/// text without a byte-order mark and with `\n` line ends. A refusal is a diagnostic at
/// the file's place (the path as given, never the link's target).
pub(crate) fn read_input(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    read_text(root, path).map_err(|d| match d.kind {
        Code::Unclassified => d.with_code(Code::FileUnreadable),
        _ => d,
    })
}

/// Reads `path` under the same rules as [`read_input`], as bytes (a file copied as it is).
pub(crate) fn read_input_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_bytes(root, path).map_err(|d| match d.kind {
        Code::Unclassified => d.with_code(Code::FileUnreadable),
        _ => d,
    })
}

fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    decode_text(path, &read_bytes(root, path)?)
}

/// The text of an input file read by other means (a git revision's blob), under the same
/// rules as [`read_input`]: size cap, UTF-8, no byte-order mark, `\n` line ends.
pub(crate) fn decode_input(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            Some(Span::file(path)),
            format!(
                "file is {} bytes; esep reads input files of at most {MAX_FILE_BYTES} bytes",
                bytes.len()
            ),
        )
        .with_code(Code::FileUnreadable));
    }
    decode_text(path, bytes).map_err(|d| match d.kind {
        Code::Unclassified => d.with_code(Code::FileUnreadable),
        _ => d,
    })
}

fn decode_text(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            let text = s.replace("\r\n", "\n");
            remember_source(path, &text);
            reserved_characters(path, &text)?;
            Ok(text)
        }
        Err(e) => {
            let offset = e.valid_up_to();
            let line = 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count();
            Err(Diagnostic::error(
                Some(Span::new(path, line as u64, 1)),
                "file is not valid UTF-8",
            )
            .with_hint("save the file as UTF-8 (without a legacy code page such as Windows-1251)"))
        }
    }
}

/// The private-use characters that delimit a figure's footnote mark inside esep
/// (`view::MARK_OPEN`, `view::MARK_CLOSE`) may not come from any input, so no text of a
/// data file or template can forge a mark or swallow the prose after it.
fn reserved_characters(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let reserved = [crate::view::MARK_OPEN, crate::view::MARK_CLOSE];
    for (n, line) in text.lines().enumerate() {
        if let Some(col) = line.chars().position(|c| reserved.contains(&c)) {
            let c = line.chars().nth(col).unwrap_or_default();
            return Err(Diagnostic::error(
                Some(Span::new(path, n as u64 + 1, col as u64 + 1)),
                format!("the file contains U+{:04X}, a private-use character esep reserves for its footnote marks", u32::from(c)),
            )
            .with_code(Code::ControlCharacter)
            .with_hint("remove it; it is invisible and has no meaning in text"));
        }
    }
    Ok(())
}

fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let span = Some(Span::file(path));
    let io = |e: std::io::Error| Diagnostic::error(span.clone(), format!("cannot read file: {e}"));
    let real = std::fs::canonicalize(path).map_err(io)?;
    let real_root = std::fs::canonicalize(root).map_err(io)?;
    if !real.starts_with(&real_root) {
        return Err(Diagnostic::error(
            span,
            format!("this symbolic link leads outside `{}`", root.display()),
        )
        .with_hint(format!(
            "esep reads only files inside `{}`; copy the file in instead of linking to it",
            root.display()
        )));
    }
    // Before opening: opening a FIFO would wait for a writer forever.
    let meta = std::fs::metadata(&real).map_err(io)?;
    if !meta.is_file() {
        return Err(Diagnostic::error(
            span,
            format!(
                "this is a {}, not a regular file",
                crate::files::kind(&meta.file_type())
            ),
        )
        .with_hint("esep reads only regular files; remove it or put the file itself here"));
    }
    let too_large = |size: String| {
        Diagnostic::error(
            span.clone(),
            format!(
                "file is {size} bytes; esep reads input files of at most {MAX_FILE_BYTES} bytes"
            ),
        )
        .with_hint("a report's source data is a few kilobytes per table; is this the right file?")
    };
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len().to_string()));
    }
    let file = std::fs::File::open(&real).map_err(io)?;
    match crate::files::read_capped(file, MAX_FILE_BYTES).map_err(io)? {
        Some(bytes) => Ok(bytes),
        None => Err(too_large(format!("more than {MAX_FILE_BYTES}"))),
    }
}
