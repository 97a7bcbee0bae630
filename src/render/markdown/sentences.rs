//! One sentence per line in the Markdown output, so a changed figure changes one line of a
//! reviewer's diff instead of a whole paragraph.
//!
//! The break is a soft line break inside the paragraph: every Markdown reader joins the
//! lines back with a space, so the page reads exactly as before. Only the `.md` files get
//! it (HTML and PDF parse the template's Markdown, not this text). A break replaces the
//! space after `.`, `!`, `?` or `…` (past closing `»`, `"`, `)` and emphasis) when the next
//! word starts with an uppercase letter, a digit or `«`, in the plain text of a paragraph
//! (a list item or a quote too, the next line indented to stay in it). Never inside inline
//! code, links, footnote marks or HTML, after an abbreviation or an initial (`т. е.`,
//! `т.ч.`, `г.`, `тыс.`, `ж.`, `А. Б. Иванов`), after a "sentence" without a letter
//! (`**1. …**`), nor where the next line could start a block (`1. `).

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Words written with a period that does not end a sentence (compared in lowercase,
/// without the period). Single letters (`т. е.`, `г.`, `ж.`, `б.`, initials) and words with
/// an inner period (`т.ч.`, `т.б.`, `и.о.`) are abbreviations whatever they are.
#[rustfmt::skip]
const ABBREVIATIONS: &[&str] = &[
    // Russian
    "гг", "тыс", "млн", "млрд", "трлн", "руб", "коп", "др", "пр", "см", "ср", "стр", "ст",
    "пп", "им", "ул", "обл", "рис", "табл", "прим", "напр", "чел", "ед", "шт", "мин", "зам",
    "нач", "проф", "акад", "доц", "тел", "тг",
    // Kazakh (млн, млрд as in Russian)
    "жж", "мың", "көш", "бет", "сағ",
];

/// `markdown` with each paragraph's sentences on lines of their own.
pub(crate) fn one_per_line(markdown: &str) -> String {
    let mut gaps: Vec<(Range<usize>, String)> = Vec::new();
    for block in blocks(markdown) {
        let indent = continuation(markdown, block.start);
        gaps.extend(
            breaks(markdown, &block)
                .into_iter()
                .map(|g| (g, indent.clone())),
        );
    }
    gaps.sort_by_key(|(g, _)| g.start);
    let mut out = String::with_capacity(markdown.len() + 4 * gaps.len());
    let mut copied = 0;
    for (gap, indent) in gaps {
        out.push_str(&markdown[copied..gap.start]);
        out.push('\n');
        out.push_str(&indent);
        copied = gap.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

/// A run of prose: a paragraph, or the text of a tight list item. Where its text starts,
/// and the byte ranges of its plain text (outside links, images, code and HTML).
#[derive(Default)]
struct Block {
    start: Option<usize>,
    plain: Vec<Range<usize>>,
    /// A heading, table or code block: never split.
    kept: bool,
}

/// A block of prose with text, ready to split.
struct Prose {
    start: usize,
    plain: Vec<Range<usize>>,
}

impl Prose {
    fn is_plain(&self, at: usize) -> bool {
        self.plain.iter().any(|r| r.contains(&at))
    }
}

/// Every block of prose in `markdown`, parsed as the HTML and PDF renderers parse it.
fn blocks(markdown: &str) -> Vec<Prose> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut out = Vec::new();
    let mut stack: Vec<Block> = Vec::new();
    let mut opaque = 0usize;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item) => stack.push(Block::default()),
            Event::Start(
                Tag::Heading { .. } | Tag::Table(_) | Tag::CodeBlock(_) | Tag::HtmlBlock,
            ) => stack.push(Block {
                kept: true,
                ..Block::default()
            }),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::Heading(_)
                | TagEnd::Table
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock,
            ) => {
                if let Some(Block {
                    start: Some(start),
                    plain,
                    kept: false,
                }) = stack.pop()
                {
                    out.push(Prose { start, plain });
                }
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => opaque += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => opaque -= 1,
            _ => {}
        }
        if let (Some(top), true) = (stack.last_mut(), is_inline(&event)) {
            top.start.get_or_insert(range.start);
            if matches!(event, Event::Text(_)) && opaque == 0 {
                top.plain.push(range);
            }
        }
    }
    out
}

/// Whether `event` is part of a run of text (rather than a block's start or end).
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(_) => false,
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak => true,
        _ => false,
    }
}

/// What a continuation line of the block whose text starts at `start` begins with: the
/// container markers of its first line, `>` kept and list markers as spaces. (The text may
/// start past an escape, `\*`, which is not a marker.)
fn continuation(markdown: &str, start: usize) -> String {
    let line_start = markdown[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = &markdown[line_start..start];
    let markers = line
        .rfind(|c: char| c == '>' || c.is_whitespace())
        .map_or(0, |i| i + 1);
    line[..markers]
        .chars()
        .map(|c| {
            if c == '>' || c.is_whitespace() {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The runs of spaces in `para` to replace by a line break.
fn breaks(markdown: &str, para: &Prose) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut sentence_start = para.start;
    for range in &para.plain {
        let text = &markdown[range.clone()];
        for (i, _) in text.match_indices(' ') {
            let at = range.start + i;
            if markdown[..at].ends_with(' ') {
                continue; // not the first space of its run
            }
            let end = at + markdown[at..].len() - markdown[at..].trim_start_matches(' ').len();
            if is_break(markdown, para, sentence_start, at, end) {
                out.push(at..end);
                sentence_start = end;
            }
        }
    }
    out
}

/// Whether the spaces `at..end` end a sentence begun at `sentence_start`.
fn is_break(markdown: &str, para: &Prose, sentence_start: usize, at: usize, end: usize) -> bool {
    let next = &markdown[end..];
    let starts_sentence = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '«');
    if !starts_sentence || starts_block(next) {
        return false;
    }
    // Back over closing quotes, brackets and emphasis to the terminator.
    let mut stop = at;
    let terminator = loop {
        let Some(c) = markdown[..stop].chars().next_back() else {
            return false;
        };
        stop -= c.len_utf8();
        let plain = para.is_plain(stop);
        match c {
            '»' | '"' | '”' | '’' | ')' if plain => continue,
            '*' | '_' if !plain => continue,
            '.' | '!' | '?' | '…' if plain => break c,
            _ => return false,
        }
    };
    let has_letter = para.plain.iter().any(|r| {
        let (from, to) = (r.start.max(sentence_start), r.end.min(stop));
        from < to && markdown[from..to].chars().any(char::is_alphabetic)
    });
    has_letter && !(terminator == '.' && is_abbreviation(markdown, para, stop))
}

/// Whether the word of plain text before the period at `stop` is an abbreviation or an
/// initial. A link or code before it ends the word (`%[¹](r.md#r-1).` ends a sentence).
fn is_abbreviation(markdown: &str, para: &Prose, stop: usize) -> bool {
    let mut start = stop;
    for (i, c) in markdown[..stop].char_indices().rev() {
        if !para.is_plain(i) || c.is_whitespace() || "(«\"[".contains(c) {
            break;
        }
        start = i;
    }
    let word = markdown[start..stop].to_lowercase();
    word.chars().count() == 1 && word.chars().all(char::is_alphabetic)
        || word.contains('.')
        || ABBREVIATIONS.contains(&word.as_str())
}

/// Whether a line starting with `text` would start an ordered list rather than continue
/// the paragraph (`1. `, `2) `).
fn starts_block(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && text[digits..].starts_with(['.', ')'])
        && text[digits + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The events of `markdown`, each soft break read as the space it renders as and
    /// neighbouring text merged: equal for two texts that render the same.
    fn rendered(markdown: &str) -> Vec<Event<'_>> {
        let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
        let mut out: Vec<Event> = Vec::new();
        for e in Parser::new_ext(markdown, options) {
            let e = match e {
                Event::SoftBreak => Event::Text(" ".into()),
                e => e,
            };
            match (out.last_mut(), e) {
                (Some(Event::Text(a)), Event::Text(b)) => *a = format!("{a}{b}").into(),
                (_, e) => out.push(e),
            }
        }
        out
    }

    fn check(input: &str, want: &str) {
        let got = one_per_line(input);
        assert_eq!(got, want, "{input}");
        assert_eq!(rendered(&got), rendered(input), "{input}");
    }

    #[test]
    fn splits_russian_and_kazakh_sentences() {
        check(
            "Оценка проводится ежегодно. В 2024 году её прошли 1 991 работник! Итог? «Да»… 73 % — всё.\n",
            "Оценка проводится ежегодно.\nВ 2024 году её прошли 1 991 работник!\nИтог?\n«Да»…\n73 % — всё.\n",
        );
        check(
            "Компания қызметкерлерді бағалайды. 2024 жылы 1 991 қызметкер бағаланды (44 %). Ұйым өседі.\n",
            "Компания қызметкерлерді бағалайды.\n2024 жылы 1 991 қызметкер бағаланды (44 %).\nҰйым өседі.\n",
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_decimals() {
        for text in [
            "Затраты составили 8 104,4 тыс. Тенге и т. е. Далее т.ч. Работники.",
            "В 2024 г. Компания и в 2020–2024 гг. Компания, 5 млн. Тенге, 10 руб. Иначе др. Все.",
            "Всего 2 тыс. Работников, 3 млрд. Тенге, 4 чел. Из них.",
            "Победителем стал А. Б. Иванов и И.В. Громов.",
            "2024 ж. Компания, 2020–2024 жж. Компания, т.б. Басқалар, б. Бөлім.",
            "Доля 14,87 и 14.87 и 3.5. ниже.",
            "Сумма […] Тенге. […] Далее.",
            "Код `a. B` и ссылка [см. Раздел](x.md) здесь.",
        ] {
            check(&format!("{text}\n"), &format!("{text}\n"));
        }
    }

    #[test]
    fn a_sentence_ends_after_a_footnote_mark_or_a_closing_quote() {
        check(
            "Мужчины — 68,01 %[¹⁶](reconciliation.md#r-16). Женщины — 31,99 %.\n",
            "Мужчины — 68,01 %[¹⁶](reconciliation.md#r-16).\nЖенщины — 31,99 %.\n",
        );
        check(
            "Подробнее в [разделе. Ниже](x.md). Далее `код. Б` конец.\n",
            "Подробнее в [разделе. Ниже](x.md).\nДалее `код. Б` конец.\n",
        );
        check(
            "Он сказал «Да.» Потом (ушёл.) Конец *курсивом.* Дальше.\n",
            "Он сказал «Да.»\nПотом (ушёл.)\nКонец *курсивом.*\nДальше.\n",
        );
    }

    #[test]
    fn list_items_and_quotes_continue_inside_their_block() {
        check(
            "- Первое. Второе.\n  - Вложенное. Ещё.\n\n1. Пункт. Дальше.\n\n> Цитата. Конец.\n\n- \\* Звёздочка. Да.\n\n\\* Примечание. Два.\n",
            "- Первое.\n  Второе.\n  - Вложенное.\n    Ещё.\n\n1. Пункт.\n   Дальше.\n\n> Цитата.\n> Конец.\n\n- \\* Звёздочка.\n  Да.\n\n\\* Примечание.\nДва.\n",
        );
    }

    #[test]
    fn tables_headings_and_numbered_entries_stay_as_they_are() {
        for text in [
            "# Заголовок. Ещё\n",
            "| Итого. Всего | 1. А |\n|---|---:|\n| Ряд. Два | 3 |\n",
            "<a id=\"r-1\"></a>**1. Расхождение**\n",
        ] {
            check(text, text);
        }
        check("Годы 2023. 1. Это.\n", "Годы 2023. 1.\nЭто.\n");
        check(
            "<a id=\"r-1\"></a>**1. Расхождение.** Таблица, строка.\n",
            "<a id=\"r-1\"></a>**1. Расхождение.**\nТаблица, строка.\n",
        );
    }
}
