//! Years relative to the report's: `{year}`, `{year-1}`, `{year+1}` in labels, references
//! and template cell arguments, so a chapter carries over to next year by changing
//! `year:` alone; and `{2003}` for a year that is genuinely fixed (a founding date, the
//! name of a 2022–2026 programme). A bare year in text is a literal: [`literal_years`]
//! finds those that equal or precede the report year, which `esep check` warns about.

/// What a year placeholder may be, for the hint of every error of [`expand`].
pub(crate) const PLACEHOLDER_HINT: &str = "braces hold a year: `{year}` (the report year), `{year-1}`, `{year+1}`, or a fixed year such as `{2003}`";

/// `text` with every placeholder replaced for report year `year`; an unknown placeholder
/// (`{yaer}`, `{year*2}`) or an unclosed brace is an error naming it.
pub(crate) fn expand(text: &str, year: u32) -> Result<String, String> {
    if !text.contains(['{', '}']) {
        return Ok(text.to_owned());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        if rest[open..].starts_with('}') {
            return Err("a `}` without its `{`".to_owned());
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{{{after}` is not closed with `}}`"))?;
        out.push_str(&placeholder(&after[..close], year)?);
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The year one placeholder stands for, as text.
fn placeholder(inner: &str, year: u32) -> Result<String, String> {
    let unknown = || format!("`{{{inner}}}` is not a year placeholder");
    let inner = inner.trim();
    if let Some(offset) = inner.strip_prefix("year") {
        let offset = offset.trim();
        if offset.is_empty() {
            return Ok(year.to_string());
        }
        let (sign, n) = offset.split_at(1);
        let n: u32 = n.trim().parse().map_err(|_| unknown())?;
        let shifted = match sign {
            "-" => year.checked_sub(n),
            "+" => year.checked_add(n),
            _ => None,
        };
        return shifted.map(|y| y.to_string()).ok_or_else(unknown);
    }
    match inner.parse::<u32>() {
        Ok(y) if (1000..=9999).contains(&y) && inner.len() == 4 => Ok(inner.to_owned()),
        _ => Err(unknown()),
    }
}

/// The bare years in `text` (four digits standing alone, from 1900 up to `year`): outside
/// braces, not part of a longer number or word. Such a year will be wrong next year unless
/// it is fixed, which `{2003}` says.
pub(crate) fn literal_years(text: &str, year: u32) -> Vec<u32> {
    let mut found = Vec::new();
    for (_, y) in literal_years_at(text, year) {
        if !found.contains(&y) {
            found.push(y);
        }
    }
    found
}

/// [`literal_years`] with the character offset each one starts at, every occurrence.
pub(crate) fn literal_years_at(text: &str, year: u32) -> Vec<(usize, u32)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_ascii_digit() && depth == 0 => {
                let start = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let standalone = i - start == 4
                    && !joined(chars.get(start.wrapping_sub(1)).copied())
                    && !joined(chars.get(i).copied());
                let n: u32 = chars[start..i]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                if standalone && (1900..=year).contains(&n) {
                    found.push((start, n));
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Whether a character next to four digits makes them part of something else: a longer
/// number (`12 024`, `2024,5`) or a word or code (`B2024`, `№2024`).
fn joined(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '.' | '№' | '\u{a0}'))
}

/// Whether `key` names a year's column or row, `y2024` (the members of a dimension of years).
pub(crate) fn is_year_key(key: &str) -> bool {
    key.len() == 5 && key.starts_with('y') && key[1..].chars().all(|c| c.is_ascii_digit())
}

/// The year keys (`y2024`) a reference names literally, up to `year`: a formula that reads
/// `y2024` reads 2024's column next year too, where `y{year}` moves with the report.
pub(crate) fn year_keys(text: &str, year: u32) -> Vec<u32> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut depth = 0usize;
    for i in 0..chars.len() {
        match chars[i] {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            'y' if depth == 0 => {
                let before = i.checked_sub(1).map(|b| chars[b]);
                let digits: String = chars[i + 1..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .collect();
                let after = chars.get(i + 1 + digits.len()).copied();
                let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
                if digits.len() == 4 && !word(before) && !word(after) {
                    let y: u32 = digits.parse().unwrap_or(0);
                    if (1900..=year).contains(&y) && !found.contains(&y) {
                        found.push(y);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// The literal years of a Tera template's text (outside `{{ }}`, `{% %}` and `{# #}`, where
/// a year is an expression such as `{{ report.year }}` or a deliberate `{{ 2003 }}`), with
/// their line and column (from 1).
pub(crate) fn template_literal_years(source: &str, year: u32) -> Vec<(usize, usize, u32)> {
    let mut out = Vec::new();
    for (n, (line, (text, tags))) in source.lines().zip(split_tags(source)).enumerate() {
        out.extend(
            literal_years_at(&text, year)
                .into_iter()
                .map(|(col, y)| (n + 1, col + 1, y)),
        );
        // Inside tags, a bare number is an expression (`{{ 2003 }}`, deliberate), but a
        // year key in an argument (`col="y2024"`) is a literal year.
        for y in year_keys(&tags, year) {
            let col = line
                .find(&format!("y{y}"))
                .map_or(1, |b| line[..b].chars().count() + 1);
            out.push((n + 1, col, y));
        }
    }
    out
}

/// Each line of a Tera template split into its text, with the tags (`{{ }}`, `{% %}`,
/// `{# #}`) blanked out column for column, and the inside of its tags.
pub(crate) fn split_tags(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut inside: Option<&str> = None;
    for line in source.lines() {
        let (mut text, mut tags) = (String::new(), String::new());
        let mut rest = line;
        while !rest.is_empty() {
            match inside {
                Some(close) => match rest.find(close) {
                    Some(i) => {
                        tags.push_str(&rest[..i]);
                        tags.push(' ');
                        text.push_str(&" ".repeat(rest[..i + 2].chars().count()));
                        rest = &rest[i + 2..];
                        inside = None;
                    }
                    None => {
                        tags.push_str(rest);
                        text.push_str(&" ".repeat(rest.chars().count()));
                        rest = "";
                    }
                },
                None => {
                    let next = ["{{", "{%", "{#"]
                        .iter()
                        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
                        .min();
                    match next {
                        Some((i, open)) => {
                            text.push_str(&rest[..i]);
                            text.push_str("  ");
                            inside = Some(match open {
                                "{{" => "}}",
                                "{%" => "%}",
                                _ => "#}",
                            });
                            rest = &rest[i + 2..];
                        }
                        None => {
                            text.push_str(rest);
                            rest = "";
                        }
                    }
                }
            }
        }
        out.push((text, tags));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_name_the_report_year_and_its_neighbours() {
        let cases = [
            ("в {year} году", "в 2024 году"),
            ("{year-4}–{year}", "2020–2024"),
            ("{ year + 1 }", "2025"),
            ("y{year-1}", "y2023"),
            ("основан в {2003} году", "основан в 2003 году"),
            ("без лет", "без лет"),
        ];
        for (text, want) in cases {
            assert_eq!(expand(text, 2024).unwrap(), want, "{text}");
        }
        for bad in [
            "{yaer}", "{year*2}", "{12}", "{year", "a } b", "{}", "{year-x}",
        ] {
            assert!(expand(bad, 2024).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_template_s_literal_years_are_outside_its_tags() {
        let source = "В {{ report.year }} году, с {{ 2003 }}, {# 2024 #} и в 2023 году\n{% if x %}2024{% endif %} {{ fact(id=\"a\") }}";
        assert_eq!(
            template_literal_years(source, 2024),
            [(1, 56, 2023), (2, 11, 2024)]
        );
    }

    #[test]
    fn finds_year_keys_named_literally() {
        assert_eq!(year_keys("srs_index/y2024@srs", 2024), [2024]);
        assert_eq!(year_keys("y2023@x + y{year}", 2024), [2023]);
        assert_eq!(
            year_keys("y2025, ay2024, y20245, y2024_x", 2024),
            Vec::<u32>::new()
        );
        let t = "{{ cell(table=\"t\", row=\"r\", col=\"y2024\") }} {{ cell(col=\"y{year}\") }}";
        assert_eq!(template_literal_years(t, 2024), [(1, 34, 2024)]);
    }

    #[test]
    fn finds_bare_years_up_to_the_report_year() {
        let cases: [(&str, &[u32]); 8] = [
            ("в 2024 году и 2023 году", &[2024, 2023]),
            ("программа 2022–2026", &[2022]),
            ("в {year} году, основан в {2003}", &[]),
            ("4\u{a0}495 человек, 12024, 2024,5, №2024", &[]),
            ("2025 год", &[]),
            ("1899 и 1900", &[1900]),
            ("2024-2028", &[2024]),
            ("41-50 лет", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(literal_years(text, 2024), want.to_vec(), "{text}");
        }
    }
}
