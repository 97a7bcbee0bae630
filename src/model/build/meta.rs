//! `report.yaml` (title, year, date, languages, number patterns, sections) and
//! `dimensions.yaml` (members shared by tables).

use super::*;

impl Builder<'_> {
    /// The report as `report.yaml` declares it, without dimensions, tables and facts yet.
    pub(super) fn meta(&mut self, raw: &RawProject) -> Report {
        let rf = raw.report_file.as_path();
        let r = &raw.report;
        let year = match parse_small(&r.year.value, 9999) {
            Ok(y) if y >= 1900 => y,
            _ => {
                self.err(
                    Code::InvalidValue,
                    span_of(&r.year, rf),
                    format!(
                        "`year` must be a year such as 2024, found `{}`",
                        r.year.value
                    ),
                );
                0
            }
        };
        self.year = year;
        let title = self.label(&r.title, rf);
        let date = r.date.value.clone();
        if !is_iso_date(&date) {
            self.err(
                Code::InvalidValue,
                span_of(&r.date, rf),
                format!("`date` must be YYYY-MM-DD, found `{date}`"),
            );
        }
        Report {
            title,
            year,
            date,
            languages: self.languages(raw),
            percent_overrides: self.percent_overrides(raw),
            sections: self.sections(raw),
            dimensions: BTreeMap::new(),
            tables: Vec::new(),
            facts: Vec::new(),
            gri: Vec::new(),
            charts: Vec::new(),
            rounding_groups: Vec::new(),
            proper_names: Default::default(),
            declared_names: Vec::new(),
            table_ids: Default::default(),
        }
    }

    fn languages(&mut self, raw: &RawProject) -> Vec<Lang> {
        let rf = raw.report_file.as_path();
        let mut languages = Vec::new();
        for l in &raw.report.languages {
            match Lang::parse(&l.value) {
                Some(lang) if !languages.contains(&lang) => languages.push(lang),
                Some(_) => self.err(
                    Code::DefinedTwice,
                    span_of(l, rf),
                    format!("language `{}` is listed twice", l.value),
                ),
                None => self.err(
                    Code::InvalidValue,
                    span_of(l, rf),
                    format!("unknown language `{}`; esep writes `kk` and `ru`", l.value),
                ),
            }
        }
        languages
    }

    /// The percent patterns `locale.<lang>.percent` sets; the locale stage knows the CLDR
    /// default of the others.
    fn percent_overrides(&mut self, raw: &RawProject) -> BTreeMap<Lang, String> {
        let rf = raw.report_file.as_path();
        let mut patterns: BTreeMap<Lang, String> = BTreeMap::new();
        for (code, loc) in &raw.report.locale {
            let Some(lang) = Lang::parse(code) else {
                self.push(
                    Diagnostic::error(
                        Some(Span::file(rf)),
                        format!("`locale.{code}`: unknown language"),
                    )
                    .with_code(Code::InvalidValue),
                );
                continue;
            };
            if let Some(p) = &loc.percent {
                if p.value.matches("{}").count() == 1 {
                    patterns.insert(lang, p.value.clone());
                } else {
                    self.err(
                        Code::InvalidValue,
                        span_of(p, rf),
                        "a percent pattern needs exactly one `{}` for the number",
                    );
                }
            }
        }
        patterns
    }

    fn sections(&mut self, raw: &RawProject) -> Vec<Section> {
        let rf = raw.report_file.as_path();
        let mut sections: Vec<Section> = Vec::new();
        for s in &raw.report.sections {
            let span = span_of(&s.id, rf);
            if self.check_key("section id", &s.id.value, span.clone())
                && sections.iter().any(|x| x.id == s.id.value)
            {
                self.err(
                    Code::DefinedTwice,
                    span.clone(),
                    format!("section `{}` is listed twice", s.id.value),
                );
            }
            sections.push(Section {
                id: s.id.value.clone(),
                title: self.label(&s.title, rf),
                gri: self.gri_codes(&s.gri, rf),
                span,
            });
        }
        sections
    }

    pub(super) fn dimensions(&mut self, raw: &RawProject) -> BTreeMap<String, Dimension> {
        let df = raw.dimensions_file.as_path();
        let mut dimensions = BTreeMap::new();
        for (key, d) in &raw.dimensions {
            self.check_key("dimension key", key, span_of(d, df));
            let mut members: Vec<Member> = Vec::new();
            for m in &d.value.members {
                let span = span_of(&m.key, df);
                if self.check_key("member key", &m.key.value, span.clone())
                    && members.iter().any(|x| x.key == m.key.value)
                {
                    self.err(
                        Code::DefinedTwice,
                        span,
                        format!("member `{}` appears twice in `{key}`", m.key.value),
                    );
                }
                members.push(Member {
                    key: m.key.value.clone(),
                    label: self.label(&m.label, df),
                    window: false,
                });
            }
            if let Some(years) = &d.value.years {
                members.extend(self.year_members(key, years, !d.value.members.is_empty(), df));
            }
            dimensions.insert(
                key.clone(),
                Dimension {
                    label: self.label(&d.value.label, df),
                    members,
                },
            );
        }
        dimensions
    }
}

impl Builder<'_> {
    /// The members of a dimension of years: `y<year>`, labelled `<year>`, the last `last`
    /// years up to the report's.
    fn year_members(
        &mut self,
        key: &str,
        years: &Spanned<crate::source::raw::RawYears>,
        listed: bool,
        file: &Path,
    ) -> Vec<Member> {
        let span = span_of(years, file);
        if listed {
            self.err(
                Code::InvalidRule,
                span.clone(),
                format!("dimension `{key}` has both `members` and `years`; keep one"),
            );
            return Vec::new();
        }
        let last = match parse_small(&years.value.last.value, 100) {
            Ok(n) if n > 0 => n,
            _ => {
                self.err(
                    Code::InvalidValue,
                    span_of(&years.value.last, file),
                    format!(
                        "`last: {}`: give the number of years, from 1 to 100",
                        years.value.last.value
                    ),
                );
                return Vec::new();
            }
        };
        let first = self.year.saturating_sub(last - 1);
        (first..=self.year)
            .map(|y| Member {
                key: format!("y{y}"),
                label: Label {
                    kk: y.to_string(),
                    ru: y.to_string(),
                },
                window: true,
            })
            .collect()
    }
}

fn is_iso_date(s: &str) -> bool {
    crate::date::IsoDate::parse(s).is_some()
}
