//! The Russian output is Russian: no Kazakh-only letter in any committed `output/ru` page.
//! (Labels are checked when the data loads; this also covers the templates' prose.)

use esep::lang::kazakh_only_letter;
use std::path::Path;

#[test]
fn russian_pages_contain_no_kazakh_only_letters() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("output/ru");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("output/ru exists; run the build") {
        let path = entry.unwrap().path();
        if !path.extension().is_some_and(|e| e == "md" || e == "html") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if let Some(c) = kazakh_only_letter(line) {
                // The language switch names the other language in that language.
                if line.contains("hreflang=\"kk-KZ\"") {
                    continue;
                }
                panic!(
                    "{}:{}: Kazakh letter `{c}` in Russian output: {line}",
                    path.display(),
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
}
