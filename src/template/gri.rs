//! `gri(section=…)` and `gri(fact=…)`: the GRI codes the data declares for a section's prose
//! (`gri:` in report.yaml) or for a fact, printed as the source prints them
//! (`GRI 2-12, 2-13`). A template never types a code, so the text, the captions and the
//! content index cannot disagree.

use crate::diag::did_you_mean;
use crate::model::Report;
use std::collections::BTreeMap;

/// The codes declared per section and per fact.
#[derive(Clone, Debug, Default)]
pub(super) struct Codes {
    sections: BTreeMap<String, Vec<String>>,
    facts: BTreeMap<String, Vec<String>>,
    /// Prints `GRI` for any call: for text rendered without a report ([`super::render_text`]).
    stand_in: bool,
}

impl Codes {
    pub(super) fn of(report: &Report) -> Codes {
        Codes {
            sections: report
                .sections
                .iter()
                .map(|s| (s.id.clone(), s.gri.clone()))
                .collect(),
            facts: report
                .facts
                .iter()
                .map(|f| (f.id.clone(), f.gri.clone()))
                .collect(),
            stand_in: false,
        }
    }

    pub(super) fn stand_in() -> Codes {
        Codes {
            stand_in: true,
            ..Codes::default()
        }
    }
}

pub(super) fn register(tera: &mut tera::Tera, codes: Codes) {
    tera.register_function(
        "gri",
        move |kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let section: Option<&str> = kwargs.get("section")?;
            let fact: Option<&str> = kwargs.get("fact")?;
            if codes.stand_in {
                return Ok("GRI".to_owned());
            }
            let (what, id, map) = match (section, fact) {
                (Some(id), None) => ("section", id, &codes.sections),
                (None, Some(id)) => ("fact", id, &codes.facts),
                _ => {
                    return Err(tera::Error::message(
                        "gri() takes one of `section=\"…\"` (the codes of report.yaml's section) or `fact=\"…\"`",
                    ));
                }
            };
            let Some(list) = map.get(id) else {
                let hint = did_you_mean(id, map.keys().map(String::as_str))
                    .map(|h| format!(" ({h})"))
                    .unwrap_or_default();
                return Err(tera::Error::message(format!("unknown {what} `{id}`{hint}")));
            };
            if list.is_empty() {
                return Err(tera::Error::message(format!(
                    "{what} `{id}` declares no GRI disclosure; add `gri: [\"…\"]` to it in the data"
                )));
            }
            Ok(crate::view::printed_codes(list))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(codes: &Codes, text: &str) -> Result<String, String> {
        let mut tera = tera::Tera::default();
        register(&mut tera, codes.clone());
        tera.add_raw_template("t", text).unwrap();
        tera.render("t", &tera::Context::new())
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn prints_the_declared_codes_and_refuses_what_declares_none() {
        let codes = Codes {
            sections: [("hr".into(), vec!["2-12".into(), "2-13".into()])].into(),
            facts: [
                ("cba".into(), vec!["2-30".into()]),
                ("plain".into(), Vec::new()),
            ]
            .into(),
            stand_in: false,
        };
        assert_eq!(
            render(&codes, r#"{{ gri(section="hr") }}"#).unwrap(),
            "GRI 2-12, 2-13"
        );
        assert_eq!(
            render(&codes, r#"{{ gri(fact="cba") }}"#).unwrap(),
            "GRI 2-30"
        );
        let err = render(&codes, r#"{{ gri(fact="plain") }}"#).unwrap_err();
        assert!(err.contains("declares no GRI disclosure"), "{err}");
        let err = render(&codes, r#"{{ gri(fact="cbb") }}"#).unwrap_err();
        assert!(err.contains("unknown fact `cbb`"), "{err}");
        let err = render(&codes, r#"{{ gri(section="hr", fact="cba") }}"#).unwrap_err();
        assert!(err.contains("takes one of"), "{err}");
    }
}
