//! Footnote marks in prose: a figure printed by `fact()` or `cell()` carries a token
//! naming the reconciliation entries about it (see `view::figures`); [`link`] turns each
//! token into Markdown links to the appendix, placed after the word the figure is part
//! of, so a Kazakh suffix stays on its number (`94%-нан³`, not `94%³-нан`).

use crate::view::{APPENDIX_ID, MARK_CLOSE, MARK_OPEN, anchor, mark};

/// The length of the suffix written onto a figure at the start of `rest`: letters, or a
/// hyphen followed by letters (`-нан`, `-ға`, `-ы`). Anything else — a space, punctuation,
/// a dash of a range (`2021–2025`), a digit, markup — ends it, so a mark never lands inside
/// the next figure or a link.
fn suffix_len(rest: &str) -> usize {
    let letters = |s: &str| {
        s.char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(s.len(), |(i, _)| i)
    };
    match rest.strip_prefix('-') {
        Some(after) if letters(after) > 0 => 1 + letters(after),
        Some(_) => 0,
        None => letters(rest),
    }
}

/// Replaces every mark token in `markdown` with links to the appendix entries
/// (`[³](reconciliation.md#r-3)`); a malformed token is dropped.
pub(crate) fn link(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(open) = rest.find(MARK_OPEN) {
        out.push_str(&rest[..open]);
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let Some(close) = after.find(MARK_CLOSE) else {
            rest = after;
            continue;
        };
        let numbers: Option<Vec<usize>> = after[..close]
            .split(',')
            .map(|n| n.parse().ok().filter(|n| *n > 0))
            .collect();
        rest = &after[close + MARK_CLOSE.len_utf8()..];
        let word = suffix_len(rest);
        out.push_str(&rest[..word]);
        rest = &rest[word..];
        if let Some(numbers) = numbers {
            let links: Vec<String> = numbers
                .iter()
                .map(|&n| format!("[{}]({APPENDIX_ID}.md#{})", mark(&[n]), anchor(n)))
                .collect();
            out.push_str(&links.join("·"));
        }
    }
    out.push_str(rest);
    out.replace(MARK_CLOSE, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(n: &str) -> String {
        format!("{MARK_OPEN}{n}{MARK_CLOSE}")
    }

    #[test]
    fn a_mark_follows_the_word_its_figure_is_part_of() {
        let kk = format!("қызметкерлерінің 94%{}-нан астамын", token("3"));
        assert_eq!(
            link(&kk),
            "қызметкерлерінің 94%-нан[³](reconciliation.md#r-3) астамын"
        );
        let ru = format!("(44 %{}) персонала, и 12{}.", token("1"), token("2,12"));
        // A range, a figure beside another, an entity or a link after the figure: the mark
        // stays on its own figure.
        for (text, want) in [
            (
                format!("2021{}–2025", token("4")),
                "2021[⁴](reconciliation.md#r-4)–2025",
            ),
            (
                format!("12,5{}12,5", token("4")),
                "12,5[⁴](reconciliation.md#r-4)12,5",
            ),
            (
                format!("5{}-10", token("4")),
                "5[⁴](reconciliation.md#r-4)-10",
            ),
            (
                format!("5{}&nbsp;a", token("4")),
                "5[⁴](reconciliation.md#r-4)&nbsp;a",
            ),
            (
                format!("5{}[a](b)", token("4")),
                "5[⁴](reconciliation.md#r-4)[a](b)",
            ),
            (
                format!("1 991 қызметкердің{}", token("4")),
                "1 991 қызметкердің[⁴](reconciliation.md#r-4)",
            ),
        ] {
            assert_eq!(link(&text), want);
        }
        assert_eq!(
            link(&ru),
            "(44 %[¹](reconciliation.md#r-1)) персонала, и 12[²](reconciliation.md#r-2)·[¹²](reconciliation.md#r-12)."
        );
    }

    #[test]
    fn malformed_tokens_are_dropped() {
        for text in [
            format!("a {MARK_OPEN}x{MARK_CLOSE} b"),
            format!("a {MARK_OPEN}0{MARK_CLOSE} b"),
        ] {
            assert_eq!(link(&text), "a  b");
        }
        assert_eq!(link(&format!("a {MARK_OPEN}3 b")), "a 3 b");
        assert_eq!(link(&format!("a {MARK_CLOSE}b")), "a b");
    }
}
