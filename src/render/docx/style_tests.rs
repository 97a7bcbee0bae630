use super::*;

fn templates() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates")
}

/// The problems of a style table written as `text`, as `esep` prints them.
fn problems(text: &str) -> Vec<String> {
    let mut diags = Diagnostics::default();
    let base = built_in(&mut diags).unwrap();
    let look = parse(Path::new("styles.yaml"), text, Some(&base), &mut diags);
    let sorted = diags.sorted();
    assert_eq!(look.is_none(), !sorted.is_empty());
    sorted.iter().map(Diagnostic::with_source).collect()
}

#[test]
fn the_shipped_table_is_the_built_in_one_and_names_every_style() {
    let mut diags = Diagnostics::default();
    let shipped = load(&templates(), &mut diags).unwrap();
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    assert_eq!(Some(&shipped), built_in(&mut diags).as_ref());
    let text = std::fs::read_to_string(templates().join(FILE)).unwrap();
    for spec in SPECS {
        assert!(
            text.contains(&format!("\n  {}: {{", spec.id)),
            "{} is not in the shipped styles.yaml",
            spec.id
        );
    }
    assert_eq!(shipped.style("Normal").size, Some(9.5));
    assert_eq!(shipped.size_of("TableTotalFigure"), 8.0);
    assert_eq!(shipped.style("TableFigure").align, Some(Align::Right));
    assert_eq!(shipped.fonts.text, "DejaVu Sans");
    assert_eq!(mm_twips(shipped.page.width), 11906);
}

#[test]
fn a_project_without_the_file_gets_the_built_in_styles_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut diags = Diagnostics::default();
    let look = load(dir.path(), &mut diags);
    let mut diags = diags.sorted();
    assert_eq!(look, built_in(&mut Diagnostics::default()));
    assert_eq!(diags.len(), 1);
    let note = diags.remove(0);
    assert_eq!(note.severity, Severity::Note);
    assert!(note.message.contains("built-in styles"), "{}", note.message);
}

#[test]
fn what_the_file_leaves_out_comes_from_the_built_in_table() {
    let mut diags = Diagnostics::default();
    let base = built_in(&mut diags).unwrap();
    let text = "styles:\n  Normal: { size: 11, color: \"1f4e79\" }\n";
    let look = parse(Path::new("s.yaml"), text, Some(&base), &mut diags).unwrap();
    assert!(diags.is_empty());
    assert_eq!(look.style("Normal").size, Some(11.0));
    assert_eq!(look.style("Normal").color.as_deref(), Some("1F4E79"));
    assert_eq!(
        look.style("Normal").after,
        None,
        "the style is the file's, whole"
    );
    assert_eq!(look.style("Heading1"), base.style("Heading1"));
    assert_eq!((&look.page, &look.fonts), (&base.page, &base.fonts));
}

#[test]
fn bad_values_say_where_what_was_expected_and_how_to_fix_it() {
    let text = "page:\n  width: 210\n  height: 297\n  top: 25\n  bottom: 20\n  left: 120\n  right: 100\n  footer: 10\nstyles:\n  Heding1: { size: 16 }\n  Caption: { size: 0, color: blue, align: middle }\n  Normal: { sise: 9 }\n";
    let all = problems(text);
    let expect = [
        "error: styles.yaml:6:9: the margins leave -10 mm of text width; the page needs at least 20 mm\n  hint: make the left and right margins narrower",
        "error: styles.yaml:10:12: no style is called `Heding1`\n  hint: did you mean `Heading1`?",
        "error: styles.yaml:11:20: styles.Caption.size is 0, outside 1–400\n  hint: write a number in that range",
        "error: styles.yaml:11:30: styles.Caption.color is `blue`, not a colour\n  hint: write six hex digits, RRGGBB, in quotes: \"1F4E79\"",
        "error: styles.yaml:11:43: styles.Caption.align is `middle`\n  hint: write one of left, right, center, justify",
    ];
    // An unknown field is found while parsing, so the values are not checked at all.
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(
        all[0].contains("styles.yaml:12:13: unknown field `sise`"),
        "{}",
        all[0]
    );
    assert!(all[0].contains("did you mean `size`?"), "{}", all[0]);
    assert!(!all[0].contains("data-format.md"), "{}", all[0]);
    let fixed = problems(&text.replace("sise", "size"));
    assert_eq!(fixed.len(), expect.len(), "{fixed:#?}");
    assert_eq!(fixed, expect);
}

#[test]
fn a_value_of_the_wrong_type_is_a_yaml_error_at_its_place() {
    let all = problems("styles:\n  Normal: { size: big }\n");
    assert_eq!(all.len(), 1, "{all:#?}");
    assert!(all[0].starts_with("error: styles.yaml:2:"), "{}", all[0]);
}
