//! Measuring and line breaking, the base of every layout decision.
//!
//! Widths are sums of the font's advance widths ([`super::fonts::Metrics`]); lines are
//! filled greedily. Text breaks only at ordinary spaces: U+00A0 inside a figure (`4 495`)
//! never breaks, so a figure is always one unit. A word wider than the line (rare: a
//! long compound in a narrow cell) is cut after a hyphen or slash if one fits, else between
//! letters, so text never runs past its box.

use super::fonts::Face;

/// Text in one face; a paragraph is a list of spans.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub face: Face,
}

impl Span {
    pub(crate) fn new(text: impl Into<String>, face: Face) -> Span {
        Span {
            text: text.into(),
            face,
        }
    }
}

/// A stretch of one face on a laid-out line; `x` from the line's start.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub x: f32,
    pub text: String,
    pub face: Face,
    pub width: f32,
}

/// One laid-out line.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width: f32,
}

impl Line {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

pub(crate) fn width(face: Face, size: f32, text: &str) -> f32 {
    face.metrics().width(text, size)
}

/// The narrowest box `text` fits in without cutting a word: its widest word.
pub(crate) fn min_width(face: Face, size: f32, text: &str) -> f32 {
    text.split([' ', '\n'])
        .map(|w| width(face, size, w))
        .fold(0.0, f32::max)
}

/// The width of `text` on one line (the widest line if it has hard breaks).
pub(crate) fn natural_width(face: Face, size: f32, text: &str) -> f32 {
    text.split('\n')
        .map(|l| width(face, size, l))
        .fold(0.0, f32::max)
}

/// The narrowest box that holds `text` on two lines (one if it has a single word): the
/// best single break between words.
pub(crate) fn two_line_width(face: Face, size: f32, text: &str) -> f32 {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let space = width(face, size, " ");
    let widths: Vec<f32> = words.iter().map(|w| width(face, size, w)).collect();
    let line =
        |part: &[f32]| part.iter().sum::<f32>() + space * part.len().saturating_sub(1) as f32;
    (1..widths.len())
        .map(|k| line(&widths[..k]).max(line(&widths[k..])))
        .fold(line(&widths), f32::min)
}

/// `text` in one face, broken into lines no wider than `max_width`.
pub(crate) fn wrap(text: &str, face: Face, size: f32, max_width: f32) -> Vec<Line> {
    wrap_spans(&[Span::new(text, face)], size, max_width)
}

/// Pieces of one unbreakable word, by face.
type Word = Vec<(Face, String)>;

enum Token {
    Word(Word),
    Space(Face),
    Newline,
}

fn tokens(spans: &[Span]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut word: Word = Vec::new();
    for span in spans {
        for c in span.text.chars() {
            match c {
                ' ' | '\n' | '\t' | '\r' => {
                    if !word.is_empty() {
                        out.push(Token::Word(std::mem::take(&mut word)));
                    }
                    out.push(if c == '\n' {
                        Token::Newline
                    } else {
                        Token::Space(span.face)
                    });
                }
                _ => match word.last_mut() {
                    Some((face, text)) if *face == span.face => text.push(c),
                    _ => word.push((span.face, c.to_string())),
                },
            }
        }
    }
    if !word.is_empty() {
        out.push(Token::Word(word));
    }
    out
}

fn word_width(word: &[(Face, String)], size: f32) -> f32 {
    word.iter().map(|(f, t)| width(*f, size, t)).sum()
}

/// Splits `word` into a head no wider than `max` (at least one character) and the rest.
/// Prefers to cut after a hyphen or slash; a cut between letters ends the head with a
/// hyphen, as a typesetter would, when one fits.
fn split_word(word: &[(Face, String)], size: f32, max: f32) -> (Word, Word) {
    let chars: Vec<(Face, char)> = word
        .iter()
        .flat_map(|(f, t)| t.chars().map(move |c| (*f, c)))
        .collect();
    let char_width = |(f, c): &(Face, char)| f.metrics().width(c.encode_utf8(&mut [0; 4]), size);
    let mut fit = 0;
    let mut used = 0.0;
    let mut soft = None;
    // The longest head that leaves room for a hyphen after it.
    let mut fit_hyphen = 0;
    for (i, ch) in chars.iter().enumerate() {
        let w = char_width(ch);
        if used + w > max + 1e-3 && i > 0 {
            break;
        }
        used += w;
        fit = i + 1;
        if used + width(ch.0, size, "-") <= max + 1e-3 {
            fit_hyphen = i + 1;
        }
        if matches!(ch.1, '-' | '/' | '‐' | '–') && i + 1 < chars.len() {
            soft = Some(i + 1);
        }
    }
    let (cut, hyphen) = match soft {
        Some(s) if fit < chars.len() => (s, false),
        _ if fit < chars.len() && fit_hyphen > 0 => (fit_hyphen, true),
        _ => (fit, false),
    };
    let gather = |part: &[(Face, char)]| {
        let mut out: Word = Vec::new();
        for (f, c) in part {
            match out.last_mut() {
                Some((face, text)) if face == f => text.push(*c),
                _ => out.push((*f, c.to_string())),
            }
        }
        out
    };
    let mut head = gather(&chars[..cut]);
    if hyphen && let Some((_, text)) = head.last_mut() {
        text.push('-');
    }
    (head, gather(&chars[cut..]))
}

/// Mixed-face text broken into lines no wider than `max_width`, greedily. Spaces at line
/// ends are dropped; runs of one face are merged so each line draws as few runs as possible.
pub(crate) fn wrap_spans(spans: &[Span], size: f32, max_width: f32) -> Vec<Line> {
    let mut lines: Vec<Word> = Vec::new();
    let mut line: Word = Vec::new();
    let mut used = 0.0_f32;
    let mut pending_space: Option<Face> = None;
    let mut queue: std::collections::VecDeque<Token> = tokens(spans).into();
    while let Some(token) = queue.pop_front() {
        match token {
            Token::Newline => {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
                pending_space = None;
            }
            Token::Space(face) => {
                if !line.is_empty() {
                    pending_space = Some(face);
                }
            }
            Token::Word(word) => {
                let w = word_width(&word, size);
                let space = pending_space.map_or(0.0, |f| width(f, size, " "));
                if line.is_empty() && w > max_width + 1e-3 {
                    let (head, rest) = split_word(&word, size, max_width);
                    line.extend(head);
                    lines.push(std::mem::take(&mut line));
                    used = 0.0;
                    pending_space = None;
                    if !rest.is_empty() {
                        queue.push_front(Token::Word(rest));
                    }
                } else if line.is_empty() || used + space + w <= max_width + 1e-3 {
                    if let Some(f) = pending_space.take() {
                        line.push((f, " ".into()));
                    }
                    used += space + w;
                    line.extend(word);
                } else {
                    lines.push(std::mem::take(&mut line));
                    pending_space = None;
                    used = 0.0;
                    queue.push_front(Token::Word(word));
                }
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .into_iter()
        .map(|pieces| place(pieces, size))
        .collect()
}

fn place(pieces: Vec<(Face, String)>, size: f32) -> Line {
    let mut merged: Vec<(Face, String)> = Vec::new();
    for (face, text) in pieces {
        match merged.last_mut() {
            Some((f, t)) if *f == face => t.push_str(&text),
            _ => merged.push((face, text)),
        }
    }
    let mut x = 0.0;
    let runs = merged
        .into_iter()
        .map(|(face, text)| {
            let w = width(face, size, &text);
            let run = Run {
                x,
                text,
                face,
                width: w,
            };
            x += w;
            run
        })
        .collect();
    Line { runs, width: x }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn wraps_at_spaces_and_never_exceeds_the_width() {
        let text = "Қызметкерлердің жас құрылымы бойынша тізімдік саны";
        let cases: &[(f32, &[&str])] = &[
            (
                1000.0,
                &["Қызметкерлердің жас құрылымы бойынша тізімдік саны"],
            ),
            (
                150.0,
                &["Қызметкерлердің жас", "құрылымы бойынша тізімдік", "саны"],
            ),
            (
                90.0,
                &[
                    "Қызметкерлердің",
                    "жас құрылымы",
                    "бойынша тізімдік",
                    "саны",
                ],
            ),
            // Narrower than the longest word: it is cut with a hyphen, the rest flows on.
            (
                60.0,
                &[
                    "Қызметкер-",
                    "лердің жас",
                    "құрылымы",
                    "бойынша",
                    "тізімдік",
                    "саны",
                ],
            ),
        ];
        for &(max, want) in cases {
            let lines = wrap(text, Face::Sans, 9.0, max);
            assert_eq!(texts(&lines), want, "{max}");
            for l in &lines {
                assert!(l.width <= max + 1e-3, "{max}: {l:?}");
                let measured = width(Face::Sans, 9.0, &l.text());
                assert!((l.width - measured).abs() < 1e-3, "{l:?}");
            }
        }
        assert!((width(Face::Sans, 9.0, text) - 270.496).abs() < 0.01);
        assert!((min_width(Face::Sans, 9.0, text) - 84.208).abs() < 0.01);
    }

    #[test]
    fn two_line_width_is_the_best_single_break() {
        let cases = [
            (
                "Среднее специальное образование",
                "Среднее специальное",
                "образование",
            ),
            (
                "Доля среди руководителей, %",
                "Доля среди",
                "руководителей, %",
            ),
        ];
        for (text, first, second) in cases {
            let w = two_line_width(Face::Sans, 8.0, text);
            let want = width(Face::Sans, 8.0, first).max(width(Face::Sans, 8.0, second));
            assert!((w - want).abs() < 1e-3, "{text}");
            assert_eq!(texts(&wrap(text, Face::Sans, 8.0, w)), [first, second]);
        }
        let one = two_line_width(Face::Sans, 8.0, "Барлығы");
        assert!((one - width(Face::Sans, 8.0, "Барлығы")).abs() < 1e-3);
    }

    #[test]
    fn figures_with_no_break_spaces_stay_whole() {
        let lines = wrap("1\u{a0}234\u{a0}567,89 теңге", Face::Sans, 9.0, 70.0);
        assert_eq!(texts(&lines), ["1\u{a0}234\u{a0}567,89", "теңге"]);
        let w = min_width(Face::Sans, 9.0, "1\u{a0}234\u{a0}567,89 теңге");
        assert!((w - width(Face::Sans, 9.0, "1\u{a0}234\u{a0}567,89")).abs() < 1e-4);
    }

    #[test]
    fn overlong_words_are_cut_after_a_hyphen_or_between_letters() {
        let size = 8.0;
        let lines = wrap("Северо-Казахстанский", Face::Sans, size, 50.0);
        assert_eq!(lines[0].text(), "Северо-");
        for l in &lines {
            assert!(l.width <= 50.0 + 1e-3, "{l:?}");
        }
        assert_eq!(texts(&lines), ["Северо-", "Казахстан-", "ский"]);
        // Cut between letters: each line but the last ends with a hyphen, no letter is lost.
        for word in ["Жұмыскерлердің", &"ҒҰҮӘ".repeat(20)] {
            for max in [20.0, 45.0, 120.0] {
                if width(Face::Sans, size, word) <= max {
                    continue;
                }
                let lines = wrap(word, Face::Sans, size, max);
                assert!(lines.len() > 1, "{max}");
                let (last, init) = lines.split_last().unwrap();
                let mut letters = String::new();
                for l in init {
                    assert!(l.width <= max + 1e-3, "{l:?}");
                    let text = l.text();
                    letters.push_str(text.strip_suffix('-').expect("a hyphen at the cut"));
                }
                letters.push_str(&last.text());
                assert_eq!(letters, word, "{max}");
            }
        }
    }

    #[test]
    fn mixed_faces_share_lines_and_merge_runs() {
        let spans = [
            Span::new("4\u{a0}495 адам", Face::SansBold),
            Span::new(" — тізімдік саны", Face::Sans),
        ];
        let lines = wrap_spans(&spans, 10.0, 1000.0);
        assert_eq!(lines.len(), 1);
        let runs = &lines[0].runs;
        assert_eq!(runs.len(), 2);
        assert_eq!(runs[0].text, "4\u{a0}495 адам");
        assert_eq!(runs[1].text, " — тізімдік саны");
        assert!((runs[1].x - runs[0].width).abs() < 1e-4);
        let hard = wrap("бір\nекі", Face::Sans, 10.0, 1000.0);
        assert_eq!(texts(&hard), ["бір", "екі"]);
        assert_eq!(wrap("", Face::Sans, 10.0, 100.0).len(), 1);
    }
}
