//! The source's charts in the built chapter: every chart the data defines is in its
//! section in both languages and all three formats, and shows exactly the model's printed
//! figures — inline SVG with a data table in HTML, an image linked to its `.svg` file in
//! Markdown, vector drawing with real text in the PDF (read back from the file).

mod common;

use common::pdf_text::pdf_bytes_text;
use esep::chart::{ChartView, chart_views};
use esep::{BuildOptions, Diagnostics, Inputs, Lang, NumberStyle, OutputFormat};
use std::path::Path;

fn inputs() -> Inputs {
    Inputs {
        data: common::root().join("data"),
        templates: common::root().join("templates"),
    }
}

/// The shipped chapter built in every format into `out`.
fn build(out: &Path) {
    let opts = BuildOptions {
        draft: false,
        inputs: inputs(),
        out: out.to_path_buf(),
        langs: Lang::ALL.to_vec(),
        formats: OutputFormat::ALL.to_vec(),
    };
    if let Err(e) = esep::build(&opts, &|_| {}) {
        panic!("the shipped data does not build: {e:?}");
    }
}

/// Every chart's view in `lang`, with the id of the section it belongs to.
fn views(lang: Lang) -> Vec<(String, ChartView)> {
    let mut diags = Diagnostics::default();
    let a = esep::analyse(&inputs(), &mut diags).expect("the shipped data analyses");
    let views = chart_views(
        &a.report,
        &a.computed,
        &NumberStyle::for_report(&a.report, lang),
    );
    let sections = a.report.charts.iter().map(|c| c.section.clone());
    sections.zip(views).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `<`, `>`, `&` and quotes as the HTML and SVG writers escape them.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[test]
fn every_chart_is_in_its_section_in_every_format_and_language_with_the_models_figures() {
    let out = common::temp_dir();
    build(out.path());
    let mut checked = 0;
    for lang in Lang::ALL {
        let dir = out.path().join(lang.code());
        for (section, v) in views(lang) {
            let html = read(&dir.join(format!("{section}.html")));
            let figure = html
                .split(&format!("<figure class=\"chart\" id=\"chart-{}\"", v.id))
                .nth(1)
                .unwrap_or_else(|| panic!("{lang} {section}.html has no chart {}", v.id));
            let figure = &figure[..figure.find("</figure>").unwrap()];
            assert!(
                figure.contains("<svg ") && figure.contains("<desc "),
                "{}",
                v.id
            );
            let markdown = read(&dir.join(format!("{section}.md")));
            assert!(
                markdown.contains(&format!("]({}.svg)", v.id)),
                "{lang} {section}.md does not link {}.svg",
                v.id
            );
            let svg = read(&dir.join(format!("{}.svg", v.id)));
            let pdf = std::fs::read(dir.join(format!("{section}.pdf"))).unwrap();
            let pdf = pdf_bytes_text(&pdf, &format!("{lang}/{section}.pdf")).replace('\n', " ");
            for s in &v.series {
                for (category, p) in v.categories.iter().zip(&s.points) {
                    let cell = format!("<th scope=\"row\">{}</th>", escaped(category));
                    assert!(figure.contains(&cell), "{}: {category}", v.id);
                    let td = format!("<td>{}</td>", escaped(&p.printed));
                    assert!(
                        figure.contains(&td),
                        "{}: {} in the data table",
                        v.id,
                        p.printed
                    );
                    let text = format!(">{}</text>", escaped(&p.printed));
                    assert!(svg.contains(&text), "{}.svg: {}", v.id, p.printed);
                    // The reader gives a no-break space as a space.
                    let printed = p.printed.replace('\u{a0}', " ");
                    assert!(
                        pdf.contains(&printed),
                        "{lang} {section}.pdf: {printed} of {}",
                        v.id
                    );
                    checked += 1;
                }
            }
            let title = v.title.replace('\u{a0}', " ");
            assert!(
                pdf.contains(&title),
                "{lang} {section}.pdf: the title of {}",
                v.id
            );
        }
    }
    // 14 charts, 2 languages: 8 structure donuts (2+3+2+5+7+3+9+12 slices), 2 evaluation
    // donuts, 3 SRS sub-indices, 2×5 SRS points, 3×3 staff dynamics, 3×5 recruitment.
    assert_eq!(checked, 2 * (43 + 4 + 3 + 10 + 9 + 15));
}

/// The drawings belong to the Markdown format: a build writes them, removes those it no
/// longer makes, and never touches an `.svg` it did not write.
#[test]
fn a_build_removes_drawings_it_no_longer_makes_and_keeps_the_users_own() {
    let project = common::temp_dir();
    common::copy_dir(&common::root().join("data"), &project.path().join("data"));
    common::copy_dir(
        &common::root().join("templates"),
        &project.path().join("templates"),
    );
    let out = project.path().join("out");
    std::fs::create_dir_all(out.join("kk")).unwrap();
    let own = out.join("kk").join("logo.svg");
    std::fs::write(&own, "<svg/>").unwrap();
    let opts = BuildOptions {
        draft: false,
        inputs: Inputs {
            data: project.path().join("data"),
            templates: project.path().join("templates"),
        },
        out: out.clone(),
        langs: Lang::ALL.to_vec(),
        formats: vec![OutputFormat::Md],
    };
    esep::build(&opts, &|_| {}).unwrap();
    let dynamics = out.join("kk").join("staff_dynamics.svg");
    assert!(dynamics.is_file());
    // The turnover section drops its chart: definition and calls.
    std::fs::remove_file(project.path().join("data/turnover/charts.yaml")).unwrap();
    for lang in Lang::ALL {
        let t = project
            .path()
            .join(format!("templates/turnover.{}.md.tera", lang.code()));
        let text = read(&t).replace("{{ chart(id=\"staff_dynamics\") }}", "");
        std::fs::write(&t, text).unwrap();
    }
    esep::build(&opts, &|_| {}).unwrap();
    assert!(!dynamics.exists(), "a drawing no longer made stays behind");
    assert!(out.join("kk").join("staff_by_gender.svg").is_file());
    assert_eq!(read(&own), "<svg/>", "the user's own file was touched");
}
