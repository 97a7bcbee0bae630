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
                self.push(
                    Diagnostic::warning(
                        Some(span.clone()),
                        format!("`{}` is not a GRI disclosure code", c.value),
                    )
                    .with_code(Code::GriCode)
                    .with_hint(CODE_HINT),
                );
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
                self.push(
                    Diagnostic::warning(
                        Some(span.clone()),
                        format!("`{code}` is not a GRI disclosure code"),
                    )
                    .with_code(Code::GriCode)
                    .with_hint(CODE_HINT),
                );
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
                let known = listed.iter().map(|(d, _)| d.code.as_str());
                let hint = match did_you_mean(code, known) {
                    Some(s) => format!("{s} Or add it to data/gri.yaml with its official title in each language"),
                    None => format!("add `\"{code}\": {{ kk: \"…\", ru: \"…\" }}` with the disclosure's official titles to data/gri.yaml, or correct the code"),
                };
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
