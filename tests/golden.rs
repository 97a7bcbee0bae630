//! Golden test: a fresh build of the shipped data must reproduce the committed `output/`
//! byte for byte. When it fails, run `cargo run --release -- build`, review the diff of
//! `output/`, and commit it.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in std::fs::read_dir(dir.join(&rel)).unwrap() {
            let e = e.unwrap();
            let p = rel.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else if p != Path::new(".esep/lock") {
                // The lock file holds the PID of the last build; everything else, the
                // manifest included, must be reproduced byte for byte.
                out.insert(p);
            }
        }
    }
    out
}

#[test]
fn rebuilding_the_shipped_data_reproduces_the_committed_output() {
    let fresh = common::fresh_build(&[]);
    let fresh = fresh.path();
    let committed = common::root().join("output");
    let want = files(&committed);
    let got = files(fresh);
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty(),
        "committed but no longer built: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "built but not committed: {extra:?} (run the build and commit output/)"
    );
    let stale: Vec<_> = want
        .iter()
        .filter(|p| {
            std::fs::read(committed.join(p)).unwrap() != std::fs::read(fresh.join(p)).unwrap()
        })
        .collect();
    assert!(
        stale.is_empty(),
        "output/ is stale, rebuild and commit it: {stale:?}"
    );
}
