//! The flow that fills pages.
//!
//! Content arrives as [`Flowable`]s: lists of unbreakable [`Chunk`]s (a line, a table row)
//! with keep rules. The flow breaks pages only where the rules allow: not inside the first
//! `min_first` or last `min_last` chunks (orphans and widows, a table caption with its
//! header and two rows), not after a chunk that keeps with the next, not between a heading
//! and the start of what follows. A broken flowable closes its page with `before_break`
//! marks and opens the next with its `continuation` chunks (a table's repeated header).

use super::layout::{Chunk, EPS, Geometry, Mark, Page};

/// A block of content with its page-breaking rules.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Flowable {
    pub geometry: Geometry,
    pub space_before: f32,
    pub chunks: Vec<Chunk>,
    /// Chunks that must share the page where the flowable starts.
    pub min_first: usize,
    /// Chunks that must share the page where the flowable ends.
    pub min_last: usize,
    /// Start only where the beginning of the next flowable fits too.
    pub keep_with_next: bool,
    /// Start on a new page.
    pub new_page: bool,
    /// Placed at the top of each page the flowable continues on.
    pub continuation: Vec<Chunk>,
    /// Drawn under the last chunk before a page break (y relative to its bottom).
    pub before_break: Vec<Mark>,
}

impl Flowable {
    pub(crate) fn new(geometry: Geometry, chunks: Vec<Chunk>) -> Flowable {
        Flowable {
            geometry,
            space_before: 0.0,
            chunks,
            min_first: 1,
            min_last: 1,
            keep_with_next: false,
            new_page: false,
            continuation: Vec::new(),
            before_break: Vec::new(),
        }
    }

    pub(crate) fn height(&self) -> f32 {
        self.chunks.iter().map(|c| c.height).sum()
    }

    /// Height of the part that must start on the same page.
    fn lead(&self) -> f32 {
        let mut n = self.min_first.min(self.chunks.len());
        while n < self.chunks.len() && n > 0 && self.chunks[n - 1].keep_with_next {
            n += 1;
        }
        self.chunks[..n].iter().map(|c| c.height).sum()
    }

    fn break_allowed(&self, b: usize) -> bool {
        let n = self.chunks.len();
        b > 0
            && b < n
            && b >= self.min_first.min(n)
            && n - b >= self.min_last.min(n)
            && !self.chunks[b - 1].keep_with_next
    }
}

/// Fills pages with flowables.
pub(crate) struct Flow {
    pub pages: Vec<Page>,
    y: f32,
    running: Option<String>,
    /// Nothing placed yet on the current page.
    at_top: bool,
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

impl Flow {
    pub(crate) fn new() -> Flow {
        Flow {
            pages: Vec::new(),
            y: 0.0,
            running: None,
            at_top: true,
        }
    }

    /// The running-header title of pages started from now on.
    pub(crate) fn set_running(&mut self, title: Option<String>) {
        self.running = title;
    }

    pub(crate) fn new_page(&mut self, geometry: Geometry) {
        self.pages.push(Page {
            geometry,
            marks: Vec::new(),
            running: self.running.clone(),
        });
        self.y = geometry.top;
        self.at_top = true;
    }

    /// Where the next content would start on the current page.
    pub(crate) fn cursor(&self) -> f32 {
        self.y
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a page was started")
    }

    /// Places `items` in order, honouring keep-with-next across them. Returns the
    /// (0-based) page each item starts on.
    pub(crate) fn place_all(&mut self, items: &[Flowable]) -> Vec<usize> {
        // The height that must follow each item on its page (its successor's lead, chained).
        let mut need_after = vec![0.0; items.len()];
        for i in (0..items.len().saturating_sub(1)).rev() {
            if items[i].keep_with_next {
                let next = &items[i + 1];
                need_after[i] = next.space_before
                    + next.lead()
                    + if next.keep_with_next && next.chunks.len() <= next.min_first {
                        need_after[i + 1]
                    } else {
                        0.0
                    };
            }
        }
        items
            .iter()
            .zip(need_after)
            .map(|(item, need)| self.place(item, need))
            .collect()
    }

    fn place_chunk(&mut self, chunk: &Chunk) {
        let y = self.y;
        let page = self.page();
        page.marks.extend(chunk.marks.iter().map(|m| m.shifted(y)));
        self.y += chunk.height;
        self.at_top = false;
    }

    /// Places one flowable; `need_after` is what must fit after it (keep-with-next).
    /// Returns the page its first chunk is on.
    pub(crate) fn place(&mut self, f: &Flowable, need_after: f32) -> usize {
        if f.chunks.is_empty() {
            return self.pages.len().saturating_sub(1);
        }
        let fresh = self.pages.is_empty()
            || f.new_page
            || self.pages.last().is_some_and(|p| p.geometry != f.geometry);
        if fresh {
            if !(self.at_top && !self.pages.is_empty() && self.page().geometry == f.geometry) {
                self.new_page(f.geometry);
            }
        } else if !self.at_top {
            let bottom = f.geometry.content_bottom();
            let whole = f.space_before + f.height() + need_after;
            let lead = f.space_before + f.lead() + need_after.min(f.geometry.height);
            let fits_whole = self.y + whole <= bottom + EPS;
            let fits_lead = self.y + lead <= bottom + EPS;
            if !fits_whole && !fits_lead {
                self.new_page(f.geometry);
            } else {
                self.y += f.space_before;
            }
        }
        let bottom = f.geometry.content_bottom();
        let n = f.chunks.len();
        // (chunk index, y before it, marks on the page before it) of chunks on this page.
        let mut placed: Vec<(usize, f32, usize)> = Vec::new();
        let mut first_page = true;
        let mut started_at_top = self.at_top;
        let mut start_page = self.pages.len() - 1;
        let mut i = 0;
        while i < n {
            let chunk = &f.chunks[i];
            if self.y + chunk.height <= bottom + EPS || (self.at_top && placed.is_empty()) {
                if i == 0 {
                    start_page = self.pages.len() - 1;
                }
                placed.push((i, self.y, self.page().marks.len()));
                self.place_chunk(chunk);
                i += 1;
                continue;
            }
            let page_start = placed.first().map_or(i, |p| p.0);
            let break_at = (page_start + 1..=i)
                .rev()
                .find(|&b| f.break_allowed(b) && (!first_page || b >= f.min_first.min(n)));
            let b = match break_at {
                Some(b) => b,
                None if first_page && !started_at_top => {
                    // Nothing may stay here: move the whole start to the next page.
                    if let Some(&(_, y, marks)) = placed.first() {
                        self.page().marks.truncate(marks);
                        self.y = y;
                    }
                    self.new_page(f.geometry);
                    placed.clear();
                    started_at_top = true;
                    i = 0;
                    continue;
                }
                // Rules cannot all be kept (a page-long block): break as late as possible.
                None => i.max(page_start + 1),
            };
            if let Some(&(_, y, marks)) = placed.iter().find(|p| p.0 == b) {
                self.page().marks.truncate(marks);
                self.y = y;
            }
            let y = self.y;
            let closing: Vec<Mark> = f.before_break.iter().map(|m| m.shifted(y)).collect();
            self.page().marks.extend(closing);
            self.new_page(f.geometry);
            for c in &f.continuation {
                self.place_chunk(c);
            }
            placed.clear();
            first_page = false;
            started_at_top = true;
            i = b;
        }
        start_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Face;
    use crate::render::pdf::style::Style;

    fn chunk(h: f32, keep: bool) -> Chunk {
        Chunk {
            height: h,
            marks: vec![Mark::text(60.0, h * 0.8, 8.0, Face::Sans, "x", 5.0)],
            keep_with_next: keep,
        }
    }

    fn lines(n: usize, h: f32) -> Flowable {
        Flowable::new(
            Style::default().portrait(),
            (0..n).map(|_| chunk(h, false)).collect(),
        )
    }

    fn per_page(flow: &Flow) -> Vec<usize> {
        flow.pages
            .iter()
            .map(|p| {
                p.marks
                    .iter()
                    .filter(|m| matches!(m, Mark::Text(t) if t.text == "x"))
                    .count()
            })
            .collect()
    }

    #[test]
    fn fills_pages_and_keeps_orphans_and_widows_together() {
        let g = Style::default().portrait();
        let room = g.content_bottom() - g.top;
        // 110 pt lines: 6 fit on a page (room is about 714 pt).
        assert_eq!((room / 110.0) as usize, 6);
        let mut flow = Flow::new();
        flow.place_all(&[lines(7, 110.0)]);
        assert_eq!(per_page(&flow), [6, 1]);
        let mut flow = Flow::new();
        let mut f = lines(7, 110.0);
        f.min_last = 2;
        flow.place_all(&[f]);
        assert_eq!(per_page(&flow), [5, 2]);
        // A block that must start with 3 chunks moves whole when only 2 fit.
        let mut flow = Flow::new();
        let mut g3 = lines(4, 110.0);
        g3.min_first = 3;
        flow.place_all(&[lines(4, 110.0), g3]);
        assert_eq!(per_page(&flow), [4, 4]);
    }

    #[test]
    fn keeps_a_heading_with_what_follows_and_repeats_continuations() {
        let mut heading = lines(1, 30.0);
        heading.keep_with_next = true;
        let mut body = lines(3, 110.0);
        body.min_first = 2;
        let mut flow = Flow::new();
        flow.place_all(&[lines(5, 110.0), heading, body]);
        assert_eq!(
            per_page(&flow),
            [5, 4],
            "the heading moved with its paragraph"
        );

        let mut table = lines(9, 110.0);
        table.continuation = vec![chunk(20.0, false)];
        table.before_break = vec![Mark::hrule(0.0, 10.0, 0.0, 1.0, 0.0)];
        let mut flow = Flow::new();
        flow.place_all(&[table]);
        assert_eq!(per_page(&flow), [6, 4]);
        assert!(
            flow.pages[0]
                .marks
                .iter()
                .any(|m| matches!(m, Mark::Rule { .. }))
        );
    }
}
