//! The `esep` command on a small fixture project (tests/fixtures/mini): building, options,
//! exit codes, JSON, output safety. The exact text of each diagnostic is pinned once, in
//! the bad-input corpus (`tests/bad/`, run by `tests/bad_inputs.rs`), not here.

mod common;
use common::{Project, stderr};

use std::path::Path;
use std::process::Command;

/// Runs `esep check`, expects exit code 1 and `want` in the diagnostics.
fn assert_check_error(p: &Project, want: &str) {
    let o = p.run(&["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "exit code; stderr:\n{err}");
    assert!(err.contains(want), "expected {want:?} in:\n{err}");
}

#[test]
fn build_writes_markdown_with_computed_figures() {
    let p = Project::new();
    let o = p.run(&["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let summary = String::from_utf8_lossy(&o.stdout);
    assert!(
        summary.starts_with("built 1 tables in 1 sections, 2 languages (kk, ru)"),
        "{summary}"
    );
    let kk = p.read("output/kk/people.md");
    assert_eq!(
        kk,
        "# Персонал\n\n2024 жылы тізімдік саны 1\u{a0}023 адам, әйелдер үлесі 1,56%.\n\n\
**Жыныс бойынша саны, адам** (GRI 405-1)\n\n\
| Бөлімше | Барлығы | Ерлер, адам | Ерлер, % | Әйелдер, адам | Әйелдер, % |\n\
|---|---:|---:|---:|---:|---:|\n\
| Солтүстік | 1\u{a0}015 | 1\u{a0}000 | 98,5 | 15 | 1,5 |\n\
| Оңтүстік | 8 | 7 | 87,5 | 1 | 12,5[¹](reconciliation.md#r-1) |\n\
| Бос | 0 | 0 | – | 0 | – |\n\
| **Барлығы** | **1\u{a0}023** | **1\u{a0}007** | **98,4** | **16** | **1,6** |\n\n\
\\* Ескертпе.\n\n\
![Бөлімшелер бойынша саны, адам](by_unit.svg)\n"
    );
    // The footnote mark points to the appendix entry, in the reader's words.
    let appendix = p.read("output/kk/reconciliation.md");
    assert!(
        appendix.contains("<a id=\"r-1\"></a>**1. Көрсеткіш қайта есептелді.**\n«Жыныс бойынша саны, адам» кестесі, «Оңтүстік» жолы, «Әйелдер, %» бағаны.\n\n- Басылғаны: 12,6\n- Бұл басылымда: 12,5\n"),
        "{appendix}"
    );
    let ru = p.read("output/ru/people.md");
    assert!(ru.contains("доля женщин — 1,56\u{a0}%."), "{ru}");
    assert!(ru.contains("| **Итого** | **1\u{a0}023** |"), "{ru}");
    assert_eq!(
        p.read("output/data/headcount.csv"),
        "row,label_kk,label_ru,total,men.count,men.share,women.count,women.share\n\
north,Солтүстік,Север,1015,1000,98.5,15,1.5\n\
south,Оңтүстік,Юг,8,7,87.5,1,12.5\n\
empty,Бос,Пустое,0,0,,0,\n\
total,Барлығы,Итого,1023,1007,98.4,16,1.6\n"
    );
    let html = p.read("output/kk/people.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"kk-KZ\">"));
    assert!(html.contains(
        "<a class=\"lang\" href=\"../ru/people.html\" hreflang=\"ru-RU\" lang=\"ru-RU\">Русский</a>"
    ));
}

#[test]
fn a_missing_language_template_is_an_error() {
    let p = Project::new();
    std::fs::remove_file(p.dir.join("templates/people.ru.md.tera")).unwrap();
    assert_check_error(&p, "section `people` has no `ru` template");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let p = Project::new();
    assert!(p.run(&["build"]).status.success());
    let before = p.read("output/kk/people.md");
    std::fs::write(p.dir.join("output/NOTES.txt"), "mine").unwrap();
    p.edit(
        "data/people/headcount.yaml",
        "north: [1000, 15]",
        "north: [1000, x]",
    );
    let o = p.run(&["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("nothing was written into output"),
        "{}",
        stderr(&o)
    );
    assert_eq!(p.read("output/kk/people.md"), before);
    assert_eq!(p.read("output/NOTES.txt"), "mine");
}

#[test]
fn a_successful_build_keeps_files_it_does_not_own() {
    let p = Project::new();
    assert!(p.run(&["build"]).status.success());
    std::fs::write(p.dir.join("output/NOTES.txt"), "mine").unwrap();
    let o = p.run(&["build", "--lang", "kk", "--format", "md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(p.read("output/NOTES.txt"), "mine");
    assert!(
        p.dir.join("output/ru/people.md").exists(),
        "other languages are kept"
    );
}

#[test]
fn a_build_without_its_input_directories_is_a_usage_error() {
    let p = Project::new();
    let o = p.run(&["build", "--data", "nowhere"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!p.dir.join("output").exists(), "nothing is written");
}

#[test]
fn usage_errors_exit_with_2() {
    let p = Project::new();
    let o = p.run(&["build", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown language `en`; use kk or ru"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_can_report_as_json() {
    let p = Project::new();
    let o = p.run(&["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "code": "W-changed",
            "severity": "warning",
            "file": "data/people/headcount.yaml",
            "line": 25,
            "column": 34,
            "message": "table `headcount`, row `south`, column `women.share`: the source printed 12,6 but it recomputes to 12,5",
            "hint": "the report shows the recomputed figure and explains it in the reconciliation appendix"
        }])
    );
}

#[test]
fn untrusted_text_in_labels_and_notes_is_inert() {
    let p = Project::new();
    let evil = r#"<script>alert(1)</script> | *b* `c` [l](http://x)\nnew"#;
    p.edit(
        "data/dimensions.yaml",
        "kk: \"Солтүстік\"",
        &format!("kk: \"{evil}\""),
    );
    p.edit(
        "data/people/headcount.yaml",
        "kk: \"* Ескертпе.\"",
        &format!("kk: \"{evil}\""),
    );
    let o = p.run(&["build", "--lang", "kk"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let md = p.read("output/kk/people.md");
    let row = md
        .lines()
        .find(|l| l.contains("alert"))
        .expect("the row is there");
    assert_eq!(
        row,
        "| &lt;script&gt;alert(1)&lt;/script&gt; \\| \\*b\\* \\`c\\` \\[l\\](http://x) new | 1\u{a0}015 | 1\u{a0}000 | 98,5 | 15 | 1,5 |"
    );
    let table_lines = md.lines().filter(|l| l.starts_with('|')).count();
    assert_eq!(
        table_lines, 6,
        "header, delimiter, 3 units, total: the table is intact"
    );

    let html = p.read("output/kk/people.html");
    assert!(!html.contains("<script>"), "no live script element");
    assert!(html.contains(
        "<th scope=\"row\">&lt;script&gt;alert(1)&lt;/script&gt; | *b* `c` [l](http://x) new</th>"
    ));
    assert!(html.contains("<p class=\"note\">&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn titles_and_notes_stay_text_in_every_markdown_context() {
    use pulldown_cmark::{Event, Parser, Tag};
    let p = Project::new();
    let title = "1. [x](javascript:alert(1)) <i>*т*</i> & #";
    p.edit(
        "data/report.yaml",
        "title: { kk: \"Персонал\"",
        &format!("title: {{ kk: \"{title}\""),
    );
    // The title also opens a paragraph, where `1.` would start a list.
    p.edit(
        "templates/people.kk.md.tera",
        "{{ report.year }} жылы",
        "{{ section.title }}\n\n{{ report.year }} жылы",
    );
    p.edit(
        "data/people/headcount.yaml",
        "kk: \"* Ескертпе.\"",
        "kk: \"- Ескертпе [y](javascript:alert(2))\"",
    );
    // A chart's title is the image's alternative text in Markdown and text in the SVG.
    p.edit(
        "data/people/charts.yaml",
        "kk: \"Бөлімшелер бойынша саны, адам\"",
        &format!("kk: \"{title}\""),
    );
    let o = p.run(&["build", "--lang", "kk"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let svg = p.read("output/kk/by_unit.svg");
    assert!(
        !svg.contains("<i>") && svg.contains("&lt;i&gt;*т*&lt;/i&gt; &amp; #"),
        "{svg}"
    );

    let md = p.read("output/kk/people.md");
    // The text of each block, as a reader of the rendered Markdown sees it.
    let mut text = String::new();
    for event in Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            // The only links are the footnote marks esep makes, to the appendix.
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url.starts_with("reconciliation.md#r-") => {}
            // … and the only image is the chart's drawing esep writes beside the file.
            Event::Start(Tag::Image { dest_url, .. }) if &*dest_url == "by_unit.svg" => {}
            Event::Start(
                tag @ (Tag::Link { .. } | Tag::Image { .. } | Tag::List(_) | Tag::HtmlBlock),
            ) => panic!("{tag:?} in\n{md}"),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML {h:?} in\n{md}"),
            Event::Text(t) => text.push_str(&t),
            Event::End(_) => text.push('\n'),
            _ => {}
        }
    }
    for want in [title, "- Ескертпе [y](javascript:alert(2))"] {
        assert!(
            text.lines().any(|l| l == want),
            "{want:?} as text in\n{text}"
        );
    }

    let html = p.read("output/kk/people.html");
    assert!(!html.contains("href=\"javascript"), "{html}");
    assert!(
        html.contains("<h1>1. [x](javascript:alert(1)) &lt;i&gt;*т*&lt;/i&gt; &amp; #</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<p>1. [x](javascript:alert(1)) &lt;i&gt;*т*&lt;/i&gt; &amp; #</p>"),
        "{html}"
    );
}

#[test]
fn labels_that_look_like_formulas_open_as_text_in_the_csv() {
    let p = Project::new();
    p.edit("data/dimensions.yaml", "kk: \"Солтүстік\"", "kk: \"=1+2\"");
    p.edit("data/dimensions.yaml", "ru: \"Север\"", "ru: \"@SUM(A1)\"");
    p.edit(
        "data/dimensions.yaml",
        "kk: \"Оңтүстік\"",
        "kk: \"-Оңтүстік\"",
    );
    let o = p.run(&["build", "--lang", "kk"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = p.read("output/data/headcount.csv");
    let lines: Vec<&str> = csv.lines().collect();
    // Text cells get a `'` and quotes; figures stay numbers (a negative figure keeps its
    // minus: see output/data/hires_leavers.csv, pinned by the golden test).
    assert_eq!(
        lines[1],
        "north,\"'=1+2\",\"'@SUM(A1)\",1015,1000,98.5,15,1.5"
    );
    assert_eq!(lines[2], "south,\"'-Оңтүстік\",Юг,8,7,87.5,1,12.5");
}

#[test]
fn the_output_may_not_overlap_the_inputs() {
    let p = Project::new();
    let o = p.run(&["build", "--out", "data/out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("refusing to write data/out over the inputs"),
        "{}",
        stderr(&o)
    );
    assert!(!p.dir.join("data/out").exists());
}

/// `esep init` lays out the embedded chapter; built there, it gives the committed output.
#[test]
fn init_writes_the_shipped_chapter_which_builds_to_the_committed_output() {
    let dir = std::env::temp_dir().join(format!("esep-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_esep"))
            .current_dir(&dir)
            .env_remove("SOURCE_DATE_EPOCH")
            .args(args)
            .output()
            .unwrap()
    };
    let init = run(&["init"]);
    assert!(init.status.success());
    // It ends with the next two commands; in the directory itself, no `cd`.
    let said = String::from_utf8(init.stdout).unwrap();
    assert!(
        said.ends_with("\nnext:\n  esep check\n  esep build\n"),
        "{said}"
    );
    let elsewhere = run(&["init", "chapter 2025"]);
    assert!(elsewhere.status.success());
    let said = String::from_utf8(elsewhere.stdout).unwrap();
    assert!(
        said.ends_with("\nnext:\n  cd 'chapter 2025' && esep check\n  esep build\n"),
        "{said}"
    );
    assert!(dir.join("chapter 2025/data/report.yaml").is_file());
    let again = run(&["init"]);
    assert_eq!(again.status.code(), Some(2), "init never overwrites");
    assert!(stderr(&again).contains("already exists; esep never overwrites a project"));
    assert!(run(&["build", "--format", "md"]).status.success());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "kk/staff_structure.md",
        "ru/training.md",
        "data/staff_by_age.csv",
    ] {
        assert_eq!(
            std::fs::read(dir.join("output").join(file)).unwrap(),
            std::fs::read(root.join("output").join(file)).unwrap(),
            "{file}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_stylesheet_linked_from_outside_the_templates_is_refused() {
    let p = Project::new();
    let secret = p.dir.with_extension("secret.css");
    std::fs::write(&secret, "/* TOP-SECRET */ body { color: red }\n").unwrap();
    let css = p.dir.join("templates/html/style.css");
    std::fs::remove_file(&css).unwrap();
    std::os::unix::fs::symlink(&secret, &css).unwrap();
    let o = p.run(&["build", "--format", "html"]);
    std::fs::remove_file(&secret).unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(
            "error: templates/html/style.css:1:1: this symbolic link leads outside `templates`"
        ),
        "{err}"
    );
    assert!(!err.contains("TOP-SECRET"), "{err}");
    assert!(!p.dir.join("output").exists(), "nothing is written");
}

/// The build's summary of reconciliation findings names the files readers find them in,
/// for the formats built: a PDF-only or Word-only build writes no `reconciliation.*`.
#[test]
fn the_reconciliation_summary_names_the_files_the_build_wrote() {
    let cases: [(&str, &[&str], &[&str]); 3] = [
        (
            "pdf",
            &["<lang>/chapter.pdf"],
            &["reconciliation.*", "reconciliation.md"],
        ),
        (
            "docx",
            &["<lang>/chapter.docx"],
            &["reconciliation.*", "reconciliation.md"],
        ),
        (
            "md,html",
            &["<lang>/reconciliation.md", "<lang>/reconciliation.html"],
            &["reconciliation.*", "chapter.pdf"],
        ),
    ];
    for (format, named, not_named) in cases {
        let out = common::temp_dir();
        let o = common::esep(
            common::root(),
            &[
                "build",
                "--format",
                format,
                "--out",
                out.path().to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", common::stderr(&o));
        let err = common::stderr(&o);
        let line = err
            .lines()
            .find(|l| l.starts_with("reconciliation:"))
            .unwrap_or_else(|| panic!("no reconciliation summary for {format}:\n{err}"));
        for want in named {
            assert!(line.contains(want), "{format}: {line}");
            let lang_file = want.replace("<lang>", "ru");
            assert!(
                out.path().join(&lang_file).is_file(),
                "{format}: no {lang_file}"
            );
        }
        for unwanted in not_named {
            assert!(!line.contains(unwanted), "{format}: {line}");
        }
    }
}

/// A renderer that cannot load its templates (a bad Word style table, a broken HTML page
/// template) is one error, where the file is wrong, not one more for every file it would
/// have written; the build fails and writes nothing.
#[test]
fn a_renderer_that_cannot_load_is_one_error() {
    let cases = [
        (
            "docx",
            "templates/docx/styles.yaml",
            "styles:\n  Normal: { size: 10, colour: red }\n",
            "templates/docx/styles.yaml:2:",
        ),
        (
            "html",
            "templates/html/page.html.tera",
            "<html>{% if %}</html>\n",
            "page.html.tera",
        ),
    ];
    for (format, file, text, place) in cases {
        let p = Project::new();
        std::fs::create_dir_all(p.dir.join(file).parent().unwrap()).unwrap();
        std::fs::write(p.dir.join(file), text).unwrap();
        let o = p.run(&["build", "--format", format]);
        let err = common::stderr(&o);
        assert!(!o.status.success(), "{format}: {err}");
        let errors: Vec<_> = err.lines().filter(|l| l.starts_with("error")).collect();
        assert_eq!(errors.len(), 1, "{format}: {err}");
        assert!(errors[0].contains(place), "{format}: {err}");
        assert!(!p.dir.join("output/kk").exists(), "{format}: wrote output");
    }
}
