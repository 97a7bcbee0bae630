//! GRI codes where they are declared (sections in report.yaml, tables, facts) and the
//! catalogue `data/gri.yaml`: a code written otherwise than GRI writes it, one the
//! catalogue does not list, and one it lists but nothing reports are warnings, so the
//! content index neither misses a disclosure nor claims one the chapter does not report.

use super::*;
use crate::model::gri::{Disclosure, index_order, is_code};

const CODE_HINT: &str = "write the disclosure's number as GRI does, without `GRI`: `2-7`, `202-2`, `405-1`, or a sector disclosure such as `EU14`";

impl Builder<'_> {
    /// The codes of a `gri:` list, each checked for its form and remembered with its place.
    pub(super) fn gri_codes(&mut self, codes: &[Spanned<String>], file: &Path) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in codes {
            let span = span_of(c, file);
            if !is_code(&c.value) {
                self.push(malformed(&c.value, span.clone()));
            }
            if !out.contains(&c.value) {
                out.push(c.value.clone());
            }
            self.gri_uses.push((c.value.clone(), span));
        }
        out
    }

    /// `data/gri.yaml` as disclosures in index order, checked against the codes used.
    pub(super) fn gri(&mut self, raw: &RawProject) -> Vec<Disclosure> {
        let Some(file) = &raw.gri else {
            return Vec::new();
        };
        let path = file.path.as_path();
        let mut listed: Vec<(Disclosure, Span)> = Vec::new();
        for (code, title) in &file.disclosures {
            let span = span_of(title, path);
            if !is_code(code) {
                self.push(malformed(code, span.clone()));
            }
            let title = self.label(title, path);
            listed.push((
                Disclosure {
                    code: code.clone(),
                    title,
                },
                span,
            ));
        }
        let uses = std::mem::take(&mut self.gri_uses);
        for (code, span) in &uses {
            if is_code(code) && !listed.iter().any(|(d, _)| &d.code == code) {
                // No "did you mean": a near code (2-3, 2-30) is another disclosure.
                let hint = format!(
                    "add `\"{code}\": {{ kk: \"…\", ru: \"…\" }}` with the disclosure's official titles to data/gri.yaml, or correct the code"
                );
                self.push(
                    Diagnostic::warning(
                        Some(span.clone()),
                        format!("GRI {code} is not among the disclosures data/gri.yaml lists"),
                    )
                    .with_code(Code::GriNotCovered)
                    .with_hint(hint),
                );
            }
        }
        for (d, span) in &listed {
            if !uses.iter().any(|(code, _)| code == &d.code) {
                self.push(
                    Diagnostic::warning(
                        Some(span.clone()),
                        format!("GRI {} is listed, but no section, table or fact reports it", d.code),
                    )
                    .with_code(Code::GriUnused)
                    .with_hint(format!(
                        "put `gri: [\"{}\"]` on the table or fact that reports it (or on the section in report.yaml), or remove it from data/gri.yaml",
                        d.code
                    )),
                );
            }
        }
        let mut disclosures: Vec<Disclosure> = listed.into_iter().map(|(d, _)| d).collect();
        disclosures.sort_by(|a, b| index_order(&a.code, &b.code));
        disclosures
    }
}

/// The warning about a code not written as GRI writes one, naming the code meant when the
/// slip is a usual one (`GRI 405-1`, `2.7`, `eu14`).
fn malformed(code: &str, span: Span) -> Diagnostic {
    let hint = match meant(code) {
        Some(m) => format!("write `{m}`: the disclosure's number as GRI writes it, without `GRI`"),
        None => CODE_HINT.to_owned(),
    };
    Diagnostic::warning(Some(span), format!("`{code}` is not a GRI disclosure code"))
        .with_code(Code::GriMalformed)
        .with_hint(hint)
}

/// The code `code` probably means: without a `GRI ` or `G4-` prefix, with `-` for `.` or
/// spaces, in capitals.
fn meant(code: &str) -> Option<String> {
    let mut c = code.trim().to_uppercase();
    for prefix in ["GRI", "G4-", "G4"] {
        if let Some(rest) = c.strip_prefix(prefix) {
            c = rest.trim_start().to_owned();
        }
    }
    let c: String = c
        .replace(['.', ' '], "-")
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    is_code(&c).then_some(c)
}

#[cfg(test)]
mod tests {
    use super::meant;

    #[test]
    fn a_usual_slip_names_the_code_meant() {
        for (written, want) in [
            ("GRI 405-1", Some("405-1")),
            ("2.7", Some("2-7")),
            ("eu14", Some("EU14")),
            ("G4-EU15", Some("EU15")),
            ("2 - 30", Some("2-30")),
            ("employees", None),
            ("405-1a", None),
        ] {
            assert_eq!(meant(written).as_deref(), want, "{written}");
        }
    }
}
