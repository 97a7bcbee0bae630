//! File-system facts shared by the stages that touch files (reading inputs, writing
//! `--out`): what kind of thing is at a path, and reading with a cap that holds even when a
//! file's reported size is wrong.

use std::fs::FileType;
use std::io::Read;

/// "symbolic link", "folder", "FIFO", … for messages ("this is a FIFO").
pub(crate) fn kind(t: &FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_symlink() {
        "symbolic link"
    } else if t.is_dir() {
        "folder"
    } else if t.is_fifo() {
        "named pipe (FIFO)"
    } else if t.is_socket() {
        "socket"
    } else if t.is_block_device() || t.is_char_device() {
        "device"
    } else if t.is_file() {
        "file"
    } else {
        "special file"
    }
}

/// Lower-case hex of a digest, for the manifest's hashes and the inputs fingerprint.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// At most `cap` bytes of `r`, or `None` if it holds more: the cap holds even when the
/// reported size is wrong (devices, files growing while read).
pub(crate) fn read_capped(r: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    r.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_holds_while_reading_an_endless_stream() {
        let endless = std::io::repeat(0);
        assert_eq!(read_capped(endless, 1000).unwrap(), None);
        assert_eq!(
            read_capped(&b"abc"[..], 3).unwrap().as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(read_capped(&b"abcd"[..], 3).unwrap(), None);
    }
}
