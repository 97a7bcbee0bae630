//! One writer at a time: an advisory lock on `--out/.esep/lock`.
//!
//! The kernel releases the lock when its holder exits, however it exits, so a crash never
//! leaves a stale lock behind. The lock file itself stays; it holds the PID of the build
//! holding (or last holding) the lock, to name it in the message of a build that waits.

use std::fs::{File, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a build waits for another build into the same `--out` before giving up.
pub(crate) const WAIT: Duration = Duration::from_secs(120);
const POLL: Duration = Duration::from_millis(50);

/// Held for as long as it lives.
pub(crate) struct Lock {
    file: File,
}

impl Drop for Lock {
    /// The PID is only there while the lock is held, so the file is empty between builds
    /// and a project that commits its output has nothing to ignore.
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
    }
}

/// Takes the lock of the directory `esep_dir` (`--out/.esep`), waiting up to `wait` for a
/// running build to finish. `on_wait` is told once, with the other build's PID, if the lock
/// is busy.
pub(crate) fn acquire(esep_dir: &Path, wait: Duration, on_wait: &dyn Fn(&str)) -> io::Result<Lock> {
    let path = esep_dir.join("lock");
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && !meta.is_file()
    {
        return Err(io::Error::other(format!(
            "{} is a {}, not esep's lock file; remove it",
            path.display(),
            crate::files::kind(&meta.file_type())
        )));
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)?;
    let started = Instant::now();
    let mut told = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let holder = holder(&mut file);
                if started.elapsed() >= wait {
                    return Err(io::Error::new(
                        io::ErrorKind::WouldBlock,
                        format!(
                            "another esep build ({holder}) has been writing into this \
                             directory for over {} s; let it finish, or stop it, and build again",
                            wait.as_secs()
                        ),
                    ));
                }
                if !told {
                    on_wait(&holder);
                    told = true;
                }
                std::thread::sleep(POLL);
            }
            Err(TryLockError::Error(e)) => return Err(e),
        }
    }
    file.set_len(0)?;
    file.rewind()?;
    writeln!(file, "{}", std::process::id())?;
    Ok(Lock { file })
}

/// "pid N" of the build holding the lock, as it wrote it.
fn holder(file: &mut File) -> String {
    let mut text = String::new();
    let _ = file
        .rewind()
        .and_then(|_| file.take(32).read_to_string(&mut text));
    match text.trim().parse::<u32>() {
        Ok(pid) => format!("pid {pid}"),
        Err(_) => "a process that has just started".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_waits_then_names_the_first() {
        let temp = tempfile::Builder::new()
            .prefix("esep-lock-")
            .tempdir()
            .unwrap();
        let dir = temp.path().to_path_buf();
        let first = acquire(&dir, WAIT, &|_| {}).unwrap();
        let told = std::cell::RefCell::new(String::new());
        let err = acquire(&dir, Duration::from_millis(120), &|h| {
            *told.borrow_mut() = h.to_owned();
        })
        .err()
        .unwrap();
        let me = format!("pid {}", std::process::id());
        assert_eq!(*told.borrow(), me);
        assert!(err.to_string().contains(&me), "{err}");
        drop(first);
        acquire(&dir, WAIT, &|_| panic!("free again")).unwrap();
    }
}
