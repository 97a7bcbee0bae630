//! Bounded template rendering: a template may run for at most [`Limits::time`], allocate at
//! most [`Limits::memory`] and print at most [`Limits::output`] bytes.
//!
//! Tera has no limits of its own: nested `{% for %}` ranges run for hours and a string
//! doubled in a loop (`{% set_global s = s ~ s %}`) grows until the process is killed. A
//! template is therefore rendered on a worker thread whose allocations are metered by the global
//! allocator below. The worker's output goes through a writer that stops at the output
//! budget; the caller waits at most the time budget. A worker that goes over its memory
//! budget, or allocates after its time ran out, is parked inside the allocator (it never
//! gets the memory, so it cannot grow further) and left behind: the caller reports the
//! template and the process exits normally. This is the crate's only `unsafe`: the
//! allocator adds bookkeeping and forwards every call unchanged to [`System`].
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// How much one template render may take.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub time: Duration,
    pub memory: usize,
    pub output: usize,
}

impl Limits {
    /// A section's template renders in milliseconds to a few kilobytes of Markdown; these
    /// limits are far above that and far below harm.
    pub(super) const DEFAULT: Limits = Limits {
        time: Duration::from_secs(2),
        memory: 256 << 20,
        output: 1 << 20,
    };
}

/// Why a render was stopped.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Exceeded {
    Time,
    Memory,
    Output,
}

/// The outcome of a bounded render: the Markdown, Tera's own error, or a budget exceeded.
pub(super) enum Rendered {
    Text(String),
    Failed(tera::Error),
    Stopped(Exceeded),
}

/// Renders `name` with `ctx` within `limits`.
pub(super) fn render(
    tera: &Arc<tera::Tera>,
    name: &str,
    ctx: tera::Context,
    limits: Limits,
) -> Rendered {
    // Leaked so the allocator can reach it from a thread that may never finish.
    let meter: &'static Meter = Box::leak(Box::new(Meter {
        live: AtomicIsize::new(0),
        limit: isize::try_from(limits.memory).unwrap_or(isize::MAX),
        over: AtomicBool::new(false),
        stop: AtomicBool::new(false),
    }));
    let (tx, rx) = mpsc::channel();
    let (tera, name) = (Arc::clone(tera), name.to_owned());
    let started = Instant::now();
    let worker = std::thread::Builder::new()
        .name(format!("template {name}"))
        .spawn(move || {
            let mut out = Capped {
                bytes: Vec::new(),
                cap: limits.output,
                over: false,
                meter,
            };
            METER.with(|m| m.set(Some(meter)));
            let result = tera.render_to(&name, &ctx, &mut out);
            METER.with(|m| m.set(None));
            let result = match result {
                Ok(()) => String::from_utf8(out.bytes).map_or_else(
                    |_| Rendered::Failed(tera::Error::message("the output is not UTF-8")),
                    Rendered::Text,
                ),
                Err(_) if out.over => Rendered::Stopped(Exceeded::Output),
                Err(_) if meter.stop.load(Ordering::Relaxed) => Rendered::Stopped(Exceeded::Time),
                Err(e) => Rendered::Failed(e),
            };
            let _ = tx.send(result);
        });
    if let Err(e) = worker {
        return Rendered::Failed(tera::Error::message(format!("cannot start rendering: {e}")));
    }
    loop {
        match rx.recv_timeout(Duration::from_millis(5)) {
            Ok(r) => return r,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Rendered::Failed(tera::Error::message("rendering stopped unexpectedly"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if meter.over.load(Ordering::Relaxed) {
            return Rendered::Stopped(Exceeded::Memory);
        }
        if started.elapsed() > limits.time {
            // The worker stops at its next write or allocation.
            meter.stop.store(true, Ordering::Relaxed);
            return Rendered::Stopped(Exceeded::Time);
        }
    }
}

/// The rendered text, refused past `cap` bytes or once the caller has given up.
struct Capped {
    bytes: Vec<u8>,
    cap: usize,
    over: bool,
    meter: &'static Meter,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.cap {
            self.over = true;
            return Err(std::io::Error::other("output budget exceeded"));
        }
        if self.meter.stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("time budget exceeded"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The memory account of one render.
struct Meter {
    /// Bytes allocated minus bytes freed by the worker thread.
    live: AtomicIsize,
    limit: isize,
    /// Set by the worker when it went over `limit`.
    over: AtomicBool,
    /// Set by the caller when the time is up.
    stop: AtomicBool,
}

thread_local! {
    /// The meter of the render running on this thread, if any. A `const` `Copy` value:
    /// reading it neither allocates nor registers a destructor, as the allocator requires.
    static METER: Cell<Option<&'static Meter>> = const { Cell::new(None) };
}

/// Books `bytes` (negative when freeing) to the current thread's render, if it runs one. A
/// render over its memory budget, or out of time, is parked here for good before it gets
/// the memory it asked for.
fn book(bytes: isize) {
    let Some(meter) = METER.try_with(Cell::get).ok().flatten() else {
        return;
    };
    let live = meter.live.fetch_add(bytes, Ordering::Relaxed) + bytes;
    if bytes <= 0 {
        return;
    }
    if live > meter.limit {
        meter.over.store(true, Ordering::Relaxed);
    }
    if live > meter.limit || meter.stop.load(Ordering::Relaxed) {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

fn size(n: usize) -> isize {
    isize::try_from(n).unwrap_or(isize::MAX)
}

/// The system allocator with [`book`]keeping for metered threads.
struct Metered;

#[global_allocator]
static ALLOCATOR: Metered = Metered;

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; `book` only does arithmetic on atomics and may sleep, and neither
// allocates.
unsafe impl GlobalAlloc for Metered {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        book(size(layout.size()));
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        book(size(layout.size()));
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        book(-size(layout.size()));
        // SAFETY: `ptr` was allocated by `System` (every allocation goes through it) with
        // `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        book(size(new_size) - size(layout.size()));
        // SAFETY: as for `dealloc`; `new_size` is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAST: Limits = Limits {
        time: Duration::from_millis(300),
        memory: 16 << 20,
        output: 64 << 10,
    };

    fn run(text: &str) -> Rendered {
        let mut tera = tera::Tera::default();
        tera.add_raw_template("t.md.tera", text).unwrap();
        render(&Arc::new(tera), "t.md.tera", tera::Context::new(), FAST)
    }

    fn stopped(r: Rendered) -> Option<Exceeded> {
        match r {
            Rendered::Stopped(e) => Some(e),
            _ => None,
        }
    }

    #[test]
    fn a_normal_template_renders() {
        match run("{% for i in range(end=3) %}{{ i }}{% endfor %}") {
            Rendered::Text(t) => assert_eq!(t, "012"),
            _ => panic!("not rendered"),
        }
    }

    #[test]
    fn runaway_templates_are_stopped_quickly() {
        let started = Instant::now();
        let loops = "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
        assert_eq!(stopped(run(loops)), Some(Exceeded::Time));
        let doubling = "{% set s = \"x\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s }}";
        assert_eq!(stopped(run(doubling)), Some(Exceeded::Memory));
        let output = "{% for i in range(end=100000) %}a line of text\n{% endfor %}";
        assert_eq!(stopped(run(output)), Some(Exceeded::Output));
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn tera_errors_are_passed_on() {
        assert!(matches!(run("{{ nope }}"), Rendered::Failed(_)));
    }
}
