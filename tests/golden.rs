//! Golden test: a fresh build of the shipped data must reproduce the committed `output/`
//! byte for byte. When it fails, run `cargo run --release -- build`, review the diff of
//! `output/`, and commit it. The committed Markdown, one sentence per line, must also read
//! as the same paragraphs on one line.

mod common;

use common::files;
use std::path::PathBuf;

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

/// Prose is written one sentence per line (`render/markdown/sentences`) with soft line
/// breaks, so it must read exactly as the same text on one line: for every committed
/// Markdown file, joining each soft break back into a space gives a text with no line
/// break inside a paragraph whose pulldown-cmark events are the same, a soft break standing
/// for the space it renders as.
#[test]
fn markdown_with_a_sentence_per_line_renders_as_one_line_paragraphs() {
    use common::markdown::{joined, rendered, soft_breaks};
    let mut breaks = 0;
    for lang in ["kk", "ru"] {
        let dir = common::root().join("output").join(lang);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        names.sort();
        assert!(
            names.len() >= 10,
            "only {} Markdown files in {lang}",
            names.len()
        );
        for path in names {
            let text = std::fs::read_to_string(&path).unwrap();
            let one_line = joined(&text);
            assert_eq!(soft_breaks(&one_line), 0, "{}", path.display());
            assert!(
                rendered(&text) == rendered(&one_line),
                "{} renders differently once its sentences are joined",
                path.display()
            );
            breaks += soft_breaks(&text);
        }
    }
    assert!(
        breaks >= 200,
        "only {breaks} sentence breaks in the shipped Markdown"
    );
}
