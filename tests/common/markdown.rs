//! Reading Markdown as a viewer does, to prove that two texts render the same.

use pulldown_cmark::{Event, Options, Parser};

/// The options the HTML and PDF renderers parse with.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES
}

/// `markdown` with every soft line break joined back into one space (with the next line's
/// indentation and quote markers, which only keep it inside its block).
pub fn joined(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut copied = 0;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if event == Event::SoftBreak {
            let rest = &markdown[range.end..];
            let line = rest.len() - rest.trim_start_matches([' ', '\t', '>']).len();
            out.push_str(markdown[copied..range.start].trim_end_matches(' '));
            out.push(' ');
            copied = range.end + line;
        }
    }
    out.push_str(&markdown[copied..]);
    out
}

/// The events of `markdown` with each soft break read as the space it renders as and
/// neighbouring text merged: two texts that render the same give equal lists.
pub fn rendered(markdown: &str) -> Vec<Event<'_>> {
    let mut out: Vec<Event> = Vec::new();
    for e in Parser::new_ext(markdown, options()) {
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

/// How many soft line breaks `markdown` has.
pub fn soft_breaks(markdown: &str) -> usize {
    Parser::new_ext(markdown, options())
        .filter(|e| *e == Event::SoftBreak)
        .count()
}
