//! Which link and image destinations in template prose stay live.
//!
//! Prose comes from Tera templates that people edit, so a `[text](javascript:…)` written
//! there (or pasted in with copied text) would run in a reviewer's browser. Only `http`,
//! `https`, `mailto` and scheme-less destinations (relative paths, `#fragments`) are kept;
//! any other link is rendered as its text, any other image as its alt text.

use pulldown_cmark::{Event, Tag, TagEnd};

/// The schemes a live link may have.
const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// Whether `dest` may be a live link or image source. `dest` is what pulldown-cmark gives:
/// entities (`&#x09;`) and backslash escapes already decoded.
pub(super) fn allowed(dest: &str) -> bool {
    // Read the destination as a browser does (WHATWG URL parser): leading and trailing
    // controls and spaces are dropped, tabs and newlines anywhere are removed, and the
    // scheme ends at the first `:` before any `/`, `?` or `#`.
    let url: String = dest
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme-relative `//host/…` (or `\\host`, which browsers read the same way) takes the
    // page's scheme: on a page opened from disk that is `file://host/…`, a network share.
    let lead: String = url
        .chars()
        .take(2)
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if lead == "//" {
        return false;
    }
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    // Any other `:` in that head (`java%73cript:`, `vbscript:`, `data:`) is refused rather
    // than second-guessed: a scheme-less link never needs one.
    match head.split_once(':') {
        None => true,
        Some((scheme, _)) => SCHEMES.iter().any(|s| scheme.eq_ignore_ascii_case(s)),
    }
}

/// Drops the start and end events of links and images whose destination is not
/// [`allowed`], so their text (or alt text) stays as plain text.
#[derive(Default)]
pub(super) struct Inert {
    /// Whether each open link or image is kept; they nest (an image inside a link).
    open: Vec<bool>,
}

impl Inert {
    /// The event to pass on, or `None` to drop it.
    pub(super) fn pass<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match &event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let keep = allowed(dest_url);
                self.open.push(keep);
                keep.then_some(event)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.open.pop().unwrap_or(true).then_some(event)
            }
            _ => Some(event),
        }
    }
}

/// A relative link to another page of the chapter written for Markdown
/// (`reconciliation.md#r-3`, as a footnote mark is) points to its HTML page.
pub(super) fn to_html_page(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let (path, fragment) = dest_url.split_once('#').unwrap_or((&dest_url, ""));
            let relative = !path.contains([':', '/', '\\']);
            let dest_url = match path.strip_suffix(".md") {
                Some(stem) if relative && !stem.is_empty() => {
                    let hash = if fragment.is_empty() { "" } else { "#" };
                    format!("{stem}.html{hash}{fragment}").into()
                }
                _ => dest_url,
            };
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            })
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Parser, html::push_html};

    #[test]
    fn markdown_page_links_point_to_html_pages() {
        let html = |md: &str| {
            let mut out = String::new();
            push_html(&mut out, Parser::new(md).map(to_html_page));
            out
        };
        assert!(html("[³](reconciliation.md#r-3)").contains("href=\"reconciliation.html#r-3\""));
        assert!(html("[a](training.md)").contains("href=\"training.html\""));
        for kept in ["https://x.kz/a.md", "../ru/a.md", "#a.md"] {
            assert!(
                html(&format!("[a]({kept})")).contains(&format!("href=\"{kept}\"")),
                "{kept}"
            );
        }
    }

    #[test]
    fn only_web_mail_and_relative_destinations_are_allowed() {
        for ok in [
            "https://kegoc.kz/ru/",
            "HTTP://example.org",
            "mailto:hr@kegoc.kz",
            " https://x",
            "staff_structure.html",
            "../ru/index.html#toc",
            "#staff_by_age",
            "/root/a:b",
            "?q=a:b",
            "",
        ] {
            assert!(allowed(ok), "{ok:?}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java%73cript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "\u{a0}javascript:alert(1)",
            "//evil.example/x",
            " //evil.example/x",
            "\\\\evil\\share",
            "/\\evil.example",
        ] {
            assert!(!allowed(bad), "{bad:?}");
        }
    }

    fn html(markdown: &str) -> String {
        let mut inert = Inert::default();
        let mut out = String::new();
        push_html(
            &mut out,
            Parser::new(markdown).filter_map(|e| inert.pass(e)),
        );
        out
    }

    #[test]
    fn refused_links_and_images_become_their_text() {
        let cases = [
            ("[x](javascript:alert(1))", "<p>x</p>\n"),
            // pulldown-cmark decodes the entity to a tab before we see the destination.
            ("[x](java&#x09;script:alert(1))", "<p>x</p>\n"),
            ("[x](&#106;avascript:alert(1))", "<p>x</p>\n"),
            ("[x](<  javascript:alert(1)>)", "<p>x</p>\n"),
            ("<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"),
            ("[x][r]\n\n[r]: VBScript:msgbox", "<p>x</p>\n"),
            (
                "![alt](data:image/svg+xml,<svg/onload=alert(1)>)",
                "<p>alt</p>\n",
            ),
            ("![alt](data:image/png;base64,AAAA)", "<p>alt</p>\n"),
            (
                "[![alt](javascript:x)](https://kegoc.kz)",
                "<p><a href=\"https://kegoc.kz\">alt</a></p>\n",
            ),
            (
                "[a](https://kegoc.kz) [b](#t) [c](mailto:a@b.kz)",
                "<p><a href=\"https://kegoc.kz\">a</a> <a href=\"#t\">b</a> <a href=\"mailto:a@b.kz\">c</a></p>\n",
            ),
        ];
        for (md, want) in cases {
            assert_eq!(html(md), want, "{md}");
        }
    }
}
