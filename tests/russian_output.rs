//! The Russian output is Russian: no Kazakh-only letter in any Russian page of a fresh build
//! (Markdown and HTML) outside the proper names `report.yaml` declares (`proper_names:`),
//! the same rule as for labels and sections when esep builds. Labels and sections are
//! checked by esep itself; this also covers the page furniture and the appendix.
//!
//! The one Kazakh text a Russian page may hold is the language switch, which names the
//! other language in that language and says so with `lang="kk-KZ"`; it is taken out
//! (and checked to be exactly that link) before the rest of its line is checked.

mod common;

use esep::{Diagnostics, Inputs, ProperNames, analyse, kazakh_only_letter};

/// The switch to the Kazakh page, as `src/render/html.rs` writes it.
const SWITCH_END: &str = "hreflang=\"kk-KZ\" lang=\"kk-KZ\">Қазақша</a>";

/// `line` without its link to the Kazakh page (`<a class="lang" href="…" hreflang="kk-KZ"
/// lang="kk-KZ">Қазақша</a>`), the only text marked as Kazakh.
fn without_language_switch(line: &str) -> String {
    let Some(end) = line.find(SWITCH_END) else {
        return line.to_owned();
    };
    let start = line[..end]
        .rfind("<a class=\"lang\" href=\"../kk/")
        .unwrap_or_else(|| panic!("a Kazakh link that is not the language switch: {line}"));
    format!("{}{}", &line[..start], &line[end + SWITCH_END.len()..])
}

/// The names the shipped data declares.
fn proper_names() -> ProperNames {
    let root = common::root();
    let inputs = Inputs {
        data: root.join("data"),
        templates: root.join("templates"),
    };
    let analysis = analyse(&inputs, &mut Diagnostics::default()).expect("the shipped data loads");
    analysis.report.proper_names
}

#[test]
fn russian_pages_contain_no_kazakh_only_letters_outside_proper_names() {
    let names = proper_names();
    assert!(
        !names.names().is_empty(),
        "the shipped chapter declares its proper names"
    );
    // Both languages, so that the pages carry their switch to the Kazakh ones.
    let out = common::fresh_build(&["--format", "md,html"]);
    let (mut checked, mut html, mut switches) = (0, 0, 0);
    for entry in std::fs::read_dir(out.path().join("ru")).unwrap() {
        let path = entry.unwrap().path();
        if !path.extension().is_some_and(|e| e == "md" || e == "html") {
            continue;
        }
        html += usize::from(path.extension().is_some_and(|e| e == "html"));
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let rest = without_language_switch(line);
            switches += usize::from(rest.len() != line.len());
            if let Some(c) = names.kazakh_letter_outside(&rest) {
                panic!(
                    "ru/{}:{}: Kazakh letter `{c}` in Russian output: {line}",
                    path.file_name().unwrap().to_string_lossy(),
                    n + 1
                );
            }
        }
        checked += 1;
    }
    assert!(
        checked >= 10,
        "expected the Russian pages of every section, found {checked}"
    );
    assert_eq!(
        switches, html,
        "each HTML page has one switch to its Kazakh page"
    );
}

#[test]
fn the_header_line_is_checked_apart_from_the_language_switch() {
    let line = "<header><a href=\"index.html\">Годовой отчёт</a><a class=\"lang\" href=\"../kk/index.html\" hreflang=\"kk-KZ\" lang=\"kk-KZ\">Қазақша</a></header>";
    assert_eq!(
        without_language_switch(line),
        "<header><a href=\"index.html\">Годовой отчёт</a></header>"
    );
    // A Kazakh word in the title is still found.
    let bad = line.replace("Годовой", "Жылдық есеп қ");
    assert_eq!(
        kazakh_only_letter(&without_language_switch(&bad)),
        Some('қ')
    );
}

#[test]
fn the_russian_pages_print_the_official_names() {
    let names = proper_names();
    let out = common::fresh_build(&["--lang", "ru", "--format", "md"]);
    let pages: Vec<String> = std::fs::read_dir(out.path().join("ru"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for name in names.names() {
        assert!(
            pages.iter().any(|p| p.contains(&format!("«{name}»"))),
            "«{name}» is printed in the Russian edition"
        );
    }
    // The transliterations the rule used to force are gone.
    for old in ["Жети Кадам", "Таза Казахстан", "Коктем-23", "Туган елге"]
    {
        assert!(pages.iter().all(|p| !p.contains(old)), "{old}");
    }
}
