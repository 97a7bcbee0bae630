"""End-to-end benchmark of esep against peer tools on the same generated content.

Run through bench/run.sh, which installs the peers and builds esep first. For each size N
(tables), it writes the workload with `esep workload --tables N` on a tmpfs, then for each
tool: one untimed warm-up run (its output feeds the sanity check; a warm-up slower than
--budget becomes the only, timed, run: "1 run"), then --runs timed runs, each in a fresh
child process writing into a fresh output directory. Per run: wall time (perf_counter
around spawn to reap) and the child's peak resident memory and CPU time (os.wait4's
rusage: the largest single process of the child's tree, which for esep, a single process,
is all of it).

Writes bench/results/latest.json, bench/scaling.svg and the results section of
BENCHMARKS.md (between its `<!-- results -->` markers). Python's standard library only.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
PEERS = os.path.join(HERE, "peers")

# --------------------------------------------------------------------------------------
# The tools


class Tool:
    def __init__(self, key, label, argv, cwd="wl", check=None, prep=None, slow=False, note=""):
        self.key, self.label, self.argv, self.cwd = key, label, argv, cwd
        self.check, self.prep, self.slow, self.note = check, prep, slow, note


PANDOC_LOOP = r"""
set -e
src=$1; out=$2
for d in "$src"/*/; do l=${d%/}; mkdir -p "$out/${l##*/}"; done
for f in "$src"/*/*.md; do
  l=${f%/*}; l=${l##*/}; s=${f##*/}; s=${s%.md}
  pandoc --from markdown --to html5 --standalone --metadata pagetitle="$s" \
    --metadata lang="$l" -o "$out/$l/$s.html" "$f"
done
"""


def tools(args):
    py = sys.executable
    font = ["--font-dir", args.font_dir] if args.font_dir else []

    def esep(fmt):
        return lambda wl, out: [args.esep, "build", "--format", fmt, "--out", out]

    return [
        Tool("esep_md", "esep md", esep("md"), check=check_esep_md),
        Tool("esep_html", "esep html", esep("html"), check=check_html),
        Tool("esep_pdf", "esep pdf", esep("pdf"), check=check_pdfs),
        Tool("esep_all", "esep all", esep("md,html,pdf"), check=check_esep_all),
        Tool(
            "minimal_rust_md",
            "minimal Rust md",
            lambda wl, out: [args.minimal, wl, out],
            check=check_md,
        ),
        Tool(
            "python_jinja2_md",
            "Python+Jinja2 md",
            lambda wl, out: [py, os.path.join(PEERS, "py_md.py"), wl, out],
            check=check_md,
        ),
        Tool(
            "pandoc_html",
            "pandoc html",
            lambda wl, out: ["bash", "-c", PANDOC_LOOP, "pandoc-loop", os.path.join(wl, ".pandoc-src"), out],
            check=check_html,
            prep=lambda wl: run_checked([py, os.path.join(PEERS, "py_md.py"), wl, os.path.join(wl, ".pandoc-src")]),
            note="pandoc only: one `pandoc --standalone` per section and language, from the "
            "Markdown the Python+Jinja2 peer wrote beforehand (untimed)",
        ),
        Tool(
            "typst_pdf",
            "Typst pdf",
            lambda wl, out: [py, os.path.join(PEERS, "py_typst.py"), wl, out, *font],
            check=check_pdfs,
            note="whole chain: Python reads the YAML, derives the figures, writes .typ, "
            "typst-py compiles each section and a chapter per language",
        ),
        Tool(
            "weasyprint_pdf",
            "WeasyPrint pdf",
            lambda wl, out: [py, os.path.join(PEERS, "py_weasy.py"), wl, out, *font],
            check=check_pdfs,
            slow=True,
            note="whole chain: Python reads the YAML, derives the figures, Jinja2 HTML, "
            "WeasyPrint lays out each section; the chapter reuses those pages",
        ),
    ]


# --------------------------------------------------------------------------------------
# Running and measuring


def run_checked(argv, cwd=None):
    p = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if p.returncode:
        sys.exit(f"failed ({p.returncode}): {' '.join(argv)}\n{p.stderr[-3000:]}")


TIME = "/usr/bin/time"


def measure(argv, cwd):
    """One run in a fresh child: (wall s, peak RSS KiB, CPU s).

    The peak memory comes from GNU time (`%M`, its child's ru_maxrss, which covers that
    child's own reaped children too), not from this process's wait4: Linux keeps the
    high-water RSS across exec, so a child forked from Python would report Python's ~20 MiB
    before the tool had used any. Wall time is this process's clock around spawn and reap;
    CPU time (user + sys) is wait4's, GNU time's own few milliseconds included."""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as rss:
        t0 = time.perf_counter()
        p = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", rss.name, *argv], cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode:
            err.seek(0)
            sys.exit(f"failed ({p.returncode}): {' '.join(argv)}\n{err.read()[-3000:].decode(errors='replace')}")
        maxrss = int(rss.read().strip().splitlines()[-1])
    return wall, maxrss, ru.ru_utime + ru.ru_stime


def inner_timings(out):
    """The seconds a peer reports for its inner part (OUT/.timings.json), if it does."""
    path = os.path.join(out, ".timings.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return {k: v for k, v in json.load(f).items() if k != "whole"}


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    return path


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# Sanity check: every peer prints the figures esep prints


SPACES = re.compile("[\u00a0\u202f\u2009 ]+")


def canon(cell):
    return SPACES.sub(" ", cell.replace("**", "")).strip()


def md_tables(path):
    """Every pipe table of a Markdown file: a list of tables, each a list of body rows,
    each a list of cells (label first)."""
    tables, cur = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("|---"):
                cur = []
                tables.append(cur)
            elif line.startswith("|"):
                if cur is not None:  # a body row; the heading row comes before "|---"
                    cur.append([canon(c) for c in line.strip().strip("|").split(" | ")])
            else:
                cur = None
    return tables


class _TableCells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables, self.in_body, self.cell, self.row = [], False, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tbody":
            self.in_body = True
            self.tables.append([])
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_body = False
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(canon("".join(self.cell)))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(path):
    p = _TableCells()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p.tables


def pdf_text(path):
    p = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True)
    if p.returncode:
        raise Fail(f"pdftotext could not read {path}")
    return SPACES.sub(" ", p.stdout.decode("utf-8"))


class Fail(Exception):
    pass


def sample_sections(ref_dir, lang):
    names = sorted(n for n in os.listdir(os.path.join(ref_dir, lang)) if re.fullmatch(r"s\d+\.md", n))
    return names, sorted({names[0], names[-1]})


def expect_same(what, ref_tables, got_tables):
    if not ref_tables:
        raise Fail(f"{what}: esep's reference has no table")
    if len(ref_tables) != len(got_tables):
        raise Fail(f"{what}: {len(got_tables)} tables, esep has {len(ref_tables)}")
    for i, (r, g) in enumerate(zip(ref_tables, got_tables)):
        if r != g:
            for j, (rr, gg) in enumerate(zip(r, g)):
                if rr != gg:
                    raise Fail(f"{what}, table {i + 1}, row {j + 1}:\n  esep: {rr}\n  peer: {gg}")
            raise Fail(f"{what}, table {i + 1}: {len(g)} rows, esep has {len(r)}")


def witness(ctx):
    """esep's reference itself against the raw counts, in integer arithmetic (no decimal
    module, no shared code): the first table's total row, its total and every share."""
    path = os.path.join(ctx["wl"], "data", "s000", "t00000.yaml")
    counts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+\w+: \[([\d, ]+)\]$", line)
            if m:
                counts.append([int(x) for x in m.group(1).split(",")])
    sums = [sum(c) for c in zip(*counts)]
    total = sum(sums)

    def grouped(n):
        s = str(n)
        return " ".join([s[max(0, i - 3) : i] for i in range(len(s), 0, -3)][::-1])

    def share(part):  # half-up to one decimal, in tenths
        tenths = (2 * part * 1000 + total) // (2 * total)
        return f"{tenths // 10},{tenths % 10}"

    row = [grouped(total)] + [x for s in sums for x in (grouped(s), share(s))]
    got = md_tables(os.path.join(ctx["ref"], "ru", "s000.md"))[0][-1]
    if got[1:] != row:
        raise Fail(f"esep's own total row of t00000 against the raw counts:\n  esep:  {got[1:]}\n  counts: {row}")
    return f"t00000 total row from the raw counts: {got[1:3]}…"


def tampered(ctx, work):
    """A copy of esep's Markdown with the last share of the first total row one tenth off."""
    dst = os.path.join(work, "ref-tampered")
    if not os.path.exists(dst):
        shutil.copytree(ctx["ref"], dst, ignore=shutil.ignore_patterns("*.csv", "data", ".esep"))
        path = os.path.join(dst, "ru", "s000.md")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = next(i for i, line in enumerate(lines) if line.startswith("| **"))
        m = re.search(r"(\d+),(\d)\*\* \|$", lines[i])
        tenths = int(m.group(1)) * 10 + int(m.group(2)) + 1
        lines[i] = lines[i][: m.start()] + f"{tenths // 10},{tenths % 10}** |"
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    return dst


def check_esep_md(ctx, out):
    ctx["ref"] = out
    return witness(ctx)


def check_md(ctx, out):
    n = 0
    for lang in ctx["langs"]:
        names, _ = sample_sections(ctx["ref"], lang)
        got = sorted(x for x in os.listdir(os.path.join(out, lang)) if x.endswith(".md"))
        if got != names:
            raise Fail(f"{lang}: sections {got[:3]}…, esep wrote {names[:3]}…")
        for name in names:  # every file: cheap
            expect_same(f"{lang}/{name}", md_tables(os.path.join(ctx["ref"], lang, name)), md_tables(os.path.join(out, lang, name)))
            n += 1
    return f"every figure of {n} files equal to esep's"


def check_html(ctx, out):
    n = 0
    for lang in ctx["langs"]:
        _, sample = sample_sections(ctx["ref"], lang)
        for name in sample:
            html_name = name[:-3] + ".html"
            expect_same(f"{lang}/{html_name}", md_tables(os.path.join(ctx["ref"], lang, name)), html_tables(os.path.join(out, lang, html_name)))
            n += 1
    return f"every figure of {n} sampled pages equal to esep's"


def check_pdfs(ctx, out):
    """In the PDF's text (pdftotext -layout): every row of the first table and the total
    row of every table, in esep's figures, each as one line in order; and a chapter."""
    n = 0
    for lang in ctx["langs"]:
        _, sample = sample_sections(ctx["ref"], lang)
        for name in sample:
            pdf = os.path.join(out, lang, name[:-3] + ".pdf")
            text = pdf_text(pdf)
            tables = md_tables(os.path.join(ctx["ref"], lang, name))
            rows = tables[0] + [t[-1] for t in tables[1:]]
            pos = 0
            for row in rows:
                pat = r"[ \t]+".join(re.escape(c) for c in row[1:])
                m = re.compile(r"(?<![\d,])" + pat + r"(?![\d,])").search(text, pos)
                if not m:
                    raise Fail(f"{lang}/{name[:-3]}.pdf: no line with {row} (after offset {pos})")
                pos = m.end()
                n += 1
        if os.path.getsize(os.path.join(out, lang, "chapter.pdf")) < 1000:
            raise Fail(f"{lang}/chapter.pdf is missing or empty")
    return f"{n} table rows found in the PDFs' text"


def check_esep_all(ctx, out):
    for lang in ctx["langs"]:
        names, sample = sample_sections(ctx["ref"], lang)
        for name in sample:
            expect_same(f"esep all {lang}/{name}", md_tables(os.path.join(ctx["ref"], lang, name)), md_tables(os.path.join(out, lang, name)))
    return check_pdfs(ctx, out)


# --------------------------------------------------------------------------------------
# Machine


def sh(*argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        return "not found"


def machine(args):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = {}
    for mod in ("jinja2", "yaml", "weasyprint", "typst"):
        try:
            from importlib.metadata import version

            versions[mod] = version({"yaml": "PyYAML"}.get(mod, mod))
        except Exception:  # noqa: BLE001
            versions[mod] = "not installed"
    commit = sh("git", "-C", REPO, "rev-parse", "--short=10", "HEAD")
    # The benchmark's own outputs don't count as changes to what is measured.
    outputs = [":!BENCHMARKS.md", ":!bench/results", ":!bench/scaling.svg"]
    if sh("git", "-C", REPO, "status", "--porcelain", "--untracked-files=no", "--", ".", *outputs):
        commit += " (uncommitted changes)"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(),
        "rustc": sh("rustc", "--version"),
        "esep_commit": commit,
        "python": platform.python_version(),
        "pandoc": sh("pandoc", "--version").split("\n")[0],
        "python_packages": versions,
        "loadavg_start": os.getloadavg()[0],
    }


def busy_cpu_s():
    """CPU time the whole machine has spent busy since boot (all cores, /proc/stat), in s."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_s():
    """CPU time of this harness and every child it has waited for (the tools, GNU time,
    pdftotext, the workload generator), in s."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


# --------------------------------------------------------------------------------------
# Report


def fmt_s(x):
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def cell(r):
    if r is None:
        return "—"
    if r.get("skipped"):
        return f"skipped (≈ {fmt_s(r['extrapolated_s'])} s by linear extrapolation from the {r['from_n']} run)"
    w = r["wall_s"]
    if len(w) == 1:
        return f"{fmt_s(w[0])} (1 run)"
    return f"{fmt_s(statistics.median(w))} ({fmt_s(min(w))}–{fmt_s(max(w))})"


def med(r):
    if r is None:
        return None
    if r.get("skipped"):
        return r["extrapolated_s"]
    return statistics.median(r["wall_s"])


def mib(kib):
    m = kib / 1024
    return f"{m:.1f}" if m < 10 else f"{m:.0f}"


COLUMNS = [
    ("esep_md", "esep md"),
    ("esep_html", "esep html"),
    ("esep_pdf", "esep pdf"),
    ("esep_all", "esep all"),
    ("mem", "peak mem (all), MiB"),
    ("minimal_rust_md", "minimal Rust md"),
    ("python_jinja2_md", "Python+Jinja2 md"),
    ("pandoc_html", "pandoc html"),
    ("typst_pdf", "Typst pdf"),
    ("weasyprint_pdf", "WeasyPrint pdf"),
]


def results_markdown(data):
    sizes = [s["n"] for s in data["sizes"]]
    by = {s["n"]: s["tools"] for s in data["sizes"]}
    m = data["machine"]
    out = []
    caveats = []
    if data.get("quick") or data["runs"] < 3:
        caveats.append(f"a quick run ({data['runs']} timed runs a command)")
    other = m.get("other_cpu_share")
    if other is not None:
        if other > 0.05:
            caveats.append(f"other processes used {other:.0%} of the machine's CPU during the run, so the times are noisy")
    elif m["loadavg_start"] > 0.5 * (m["nproc"] or 1):
        caveats.append(f"the load average was {m['loadavg_start']:.2f} on {m['nproc']} cores at the start: other work was running, so the times are noisy")
    if caveats:
        out.append("**Preliminary**: " + "; ".join(caveats) + ". A full run on a quiet machine replaces it.")
        out.append("")
    out.append(
        f"Measured by `{data['command']}` on {data['date']}: {m['nproc']} cores ({m['cpu']}), "
        f"{m['memory_gib']} GiB, Linux {m['kernel']}; {m['rustc']}; esep at {m['esep_commit']}; "
        f"Python {m['python']} (Jinja2 {m['python_packages']['jinja2']}, PyYAML {m['python_packages']['yaml']}, "
        f"WeasyPrint {m['python_packages']['weasyprint']}, typst-py {m['python_packages']['typst']}); {m['pandoc']}. "
        f"Load average {m['loadavg_start']:.2f} at the start, {m.get('loadavg_end', 0):.2f} at the end"
        + (f"; other processes used {m['other_cpu_s']:.1f} s of CPU ({m['other_cpu_share']:.1%} of the machine's) in the {m['run_wall_s']:.0f} s of the run. " if other is not None else ". ")
        + 
        f"{data['runs']} timed runs a command after one warm-up (a warm-up over {data['budget_s']:.0f} s is the only run: \"1 run\")."
    )
    out.append("")
    out.append("Wall time in seconds, median (min–max), both languages (kk and ru) in every tool:")
    out.append("")
    out.append("| N tables | " + " | ".join(h for _, h in COLUMNS) + " |")
    out.append("|---:|" + "---:|" * len(COLUMNS))
    for n in sizes:
        t = by[n]
        row = []
        for key, _ in COLUMNS:
            if key == "mem":
                r = t.get("esep_all")
                row.append(mib(statistics.median(r["maxrss_kib"])) if r and not r.get("skipped") else "—")
            else:
                row.append(cell(t.get(key)))
        out.append(f"| {n} | " + " | ".join(row) + " |")
    out.append("")
    out.append("Ratios of medians (how many times as long the other takes; ≈ where a side is extrapolated):")
    out.append("")
    pairs = [
        ("typst_pdf", "esep_all", "Typst pdf / esep all"),
        ("typst_pdf", "esep_pdf", "Typst pdf / esep pdf"),
        ("weasyprint_pdf", "esep_all", "WeasyPrint pdf / esep all"),
        ("weasyprint_pdf", "esep_pdf", "WeasyPrint pdf / esep pdf"),
        ("esep_md", "minimal_rust_md", "esep md / minimal Rust md"),
        ("python_jinja2_md", "esep_md", "Python+Jinja2 md / esep md"),
        ("pandoc_html", "esep_html", "pandoc html / esep html"),
    ]
    out.append("| N tables | " + " | ".join(p[2] for p in pairs) + " |")
    out.append("|---:|" + "---:|" * len(pairs))
    for n in sizes:
        t = by[n]
        row = []
        for a, b, _ in pairs:
            ma, mb = med(t.get(a)), med(t.get(b))
            if ma is None or mb is None:
                row.append("—")
                continue
            approx = "≈ " if t[a].get("skipped") or t[b].get("skipped") else ""
            row.append(f"{approx}{ma / mb:.1f}×")
        out.append(f"| {n} | " + " | ".join(row) + " |")
    out.append("")
    out.append("Peak memory (largest process's max RSS, MiB, median of runs) and CPU time (user + sys, s, median):")
    out.append("")
    keys = [k for k, _ in COLUMNS if k != "mem"]
    labels = dict(COLUMNS)
    out.append("| N tables | " + " | ".join(labels[k] for k in keys) + " |")
    out.append("|---:|" + "---:|" * len(keys))
    for n in sizes:
        t = by[n]
        row = []
        for k in keys:
            r = t.get(k)
            if r is None or r.get("skipped"):
                row.append("—")
            else:
                row.append(f"{mib(statistics.median(r['maxrss_kib']))} MiB, {fmt_s(statistics.median(r['cpu_s']))} s CPU")
        out.append(f"| {n} | " + " | ".join(row) + " |")
    inner = [
        (n, k, r["inner"]) for n in sizes for k, r in by[n].items() if r and not r.get("skipped") and r.get("inner")
    ]
    if inner:
        out.append("")
        out.append("Inside the PDF peers (their own clock, median of the runs): " + "; ".join(
            f"{labels[k]} at {n}: {', '.join(f'{name} {fmt_s(v)} s' for name, v in d.items())}" for n, k, d in inner
        ) + ".")
    return "\n".join(out)


# --------------------------------------------------------------------------------------
# The plot: plain SVG, deterministic


SERIES = [
    ("esep_md", "esep md", "#0b5cad", "", "circle"),
    ("esep_html", "esep html", "#2a9d8f", "", "circle"),
    ("esep_pdf", "esep pdf", "#c1121f", "", "circle"),
    ("esep_all", "esep all", "#1d2733", "", "circle"),
    ("minimal_rust_md", "minimal Rust md", "#6c757d", "6 4", "square"),
    ("python_jinja2_md", "Python+Jinja2 md", "#e9a100", "6 4", "square"),
    ("pandoc_html", "pandoc html", "#7b2cbf", "6 4", "square"),
    ("typst_pdf", "Typst pdf", "#239a3b", "6 4", "diamond"),
    ("weasyprint_pdf", "WeasyPrint pdf", "#d95f02", "6 4", "diamond"),
]


def svg_plot(data):
    W, H = 800, 500
    left, right, top, bottom = 70, 200, 40, 60
    pw, ph = W - left - right, H - top - bottom
    pts = {}
    for s in data["sizes"]:
        for key, r in s["tools"].items():
            v = med(r)
            if v:
                pts.setdefault(key, []).append((s["n"], v, bool(r.get("skipped"))))
    xs = [s["n"] for s in data["sizes"]]
    ys = [v for p in pts.values() for _, v, _ in p]
    if not xs or not ys:
        return ""
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    if x1 == x0:
        x1 += 1
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    if y1 == y0:
        y1 += 1

    def X(n):
        return left + (math.log10(n) - x0) / (x1 - x0) * pw

    def Y(v):
        return top + ph - (math.log10(v) - y0) / (y1 - y0) * ph

    def num(v):
        return f"{v:.1f}"

    o = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="DejaVu Sans, Verdana, sans-serif" font-size="13">',
        f'<rect width="{W}" height="{H}" fill="#ffffff"/>',
        f'<text x="{left + pw / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">'
        "Wall time against tables (log–log, median; both languages)</text>",
    ]
    for e in range(y0, y1 + 1):
        for k in (1, 2, 5):
            v = k * 10.0**e
            if v < 10.0**y0 or v > 10.0**y1 + 1e-12:
                continue
            y = Y(v)
            o.append(f'<line x1="{left}" y1="{num(y)}" x2="{left + pw}" y2="{num(y)}" stroke="{"#d0d5da" if k == 1 else "#eef0f2"}"/>')
            label = f"{v:g}"
            o.append(f'<text x="{left - 6}" y="{num(y + 4)}" text-anchor="end" fill="#333">{label}</text>')
    for e in range(x0, x1 + 1):
        for k in (1, 2, 5):
            v = k * 10**e
            if v < 10**x0 or v > 10**x1:
                continue
            x = X(v)
            o.append(f'<line x1="{num(x)}" y1="{top}" x2="{num(x)}" y2="{top + ph}" stroke="{"#d0d5da" if k == 1 else "#eef0f2"}"/>')
            o.append(f'<text x="{num(x)}" y="{top + ph + 18}" text-anchor="middle" fill="#333">{v:g}</text>')
    o.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#555"/>')
    o.append(f'<text x="{left + pw / 2}" y="{H - 18}" text-anchor="middle">tables in the report (N)</text>')
    o.append(
        f'<text x="18" y="{top + ph / 2}" text-anchor="middle" transform="rotate(-90 18 {top + ph / 2})">'
        "wall time, seconds</text>"
    )

    def marker(shape, x, y, color, hollow):
        fill = "#ffffff" if hollow else color
        if shape == "circle":
            return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{fill}" stroke="{color}" stroke-width="1.5"/>'
        if shape == "square":
            return f'<rect x="{num(x - 3.5)}" y="{num(y - 3.5)}" width="7" height="7" fill="{fill}" stroke="{color}" stroke-width="1.5"/>'
        return f'<path d="M{num(x)} {num(y - 5)}L{num(x + 5)} {num(y)}L{num(x)} {num(y + 5)}L{num(x - 5)} {num(y)}Z" fill="{fill}" stroke="{color}" stroke-width="1.5"/>'

    ly = top + 8
    any_extra = False
    for key, label, color, dash, shape in SERIES:
        p = sorted(pts.get(key, []))
        if not p:
            continue
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        measured = [q for q in p if not q[2]]
        if len(measured) > 1:
            d = "M" + "L".join(f"{num(X(n))} {num(Y(v))}" for n, v, _ in measured)
            o.append(f'<path d="{d}" fill="none" stroke="{color}" stroke-width="2"{dash_attr}/>')
        for a, b in zip(p, p[1:]):
            if b[2]:
                any_extra = True
                o.append(
                    f'<line x1="{num(X(a[0]))}" y1="{num(Y(a[1]))}" x2="{num(X(b[0]))}" y2="{num(Y(b[1]))}" '
                    f'stroke="{color}" stroke-width="1.5" stroke-dasharray="2 3"/>'
                )
        for n, v, extra in p:
            o.append(marker(shape, X(n), Y(v), color, extra))
        lx = left + pw + 16
        o.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 26}" y2="{ly}" stroke="{color}" stroke-width="2"{dash_attr}/>')
        o.append(marker(shape, lx + 13, ly, color, False))
        o.append(f'<text x="{lx + 34}" y="{ly + 4}">{html.escape(label)}</text>')
        ly += 22
    if any_extra:
        lx = left + pw + 16
        o.append(marker("diamond", lx + 13, ly, "#555555", True))
        o.append(f'<text x="{lx + 34}" y="{ly + 4}">extrapolated</text>')
        ly += 22
    o.append("</svg>")
    return "\n".join(o) + "\n"


# --------------------------------------------------------------------------------------


def update_doc(path, section):
    begin, end = "<!-- results -->", "<!-- /results -->"
    block = f"{begin}\n{section}\n{end}"
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmarks\n\n"
    if begin in text and end in text:
        a, b = text.index(begin), text.index(end) + len(end)
        text = text[:a] + block + text[b:]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="25,250,2500")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="--runs 2 --sizes 25,250 --skip-slow-at 250")
    ap.add_argument("--budget", type=float, default=60.0, help="a warm-up slower than this (s) is the only run")
    ap.add_argument("--skip-slow-at", type=int, default=2500, help="skip WeasyPrint at this N and above (extrapolated)")
    ap.add_argument("--all", action="store_true", help="skip nothing")
    ap.add_argument("--tools", default="", help="only these tool keys, comma-separated (development)")
    ap.add_argument("--esep", default="target/release/esep")
    ap.add_argument("--minimal", default="target/release/examples/minimal_md")
    ap.add_argument("--font-dir", default="")
    ap.add_argument("--work", default="", help="scratch directory (default: a new one in /dev/shm)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--results", default=os.path.join(HERE, "results", "latest.json"))
    ap.add_argument("--svg", default=os.path.join(HERE, "scaling.svg"))
    ap.add_argument("--doc", default=os.path.join(REPO, "BENCHMARKS.md"))
    ap.add_argument("--no-write", action="store_true", help="print only: no JSON, SVG or BENCHMARKS.md")
    ap.add_argument("--command", default="bench/run.sh", help="the command line recorded in the results")
    ap.add_argument("--report-only", metavar="JSON", help="rewrite the outputs from a results file, running nothing")
    args = ap.parse_args()
    if args.report_only:
        with open(args.report_only, encoding="utf-8") as f:
            data = json.load(f)
        write_outputs(args, data)
        return
    if args.quick:
        args.runs, args.sizes = 2, "25,250"
        if not args.all:
            args.skip_slow_at = min(args.skip_slow_at, 250)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    args.esep, args.minimal = os.path.abspath(args.esep), os.path.abspath(args.minimal)
    selected = tools(args)
    if args.tools:
        want = set(args.tools.split(","))
        selected = [t for t in selected if t.key in want or t.key == "esep_md"]
    if not shutil.which("pandoc"):
        log("pandoc not found: the pandoc column is left out")
        selected = [t for t in selected if t.key != "pandoc_html"]
    if not os.access(TIME, os.X_OK):
        sys.exit(f"{TIME} (GNU time) is needed for the peak memory")
    if not shutil.which("pdftotext"):
        sys.exit("pdftotext (poppler-utils) is needed for the sanity check of the PDFs")

    base = os.path.dirname(args.work) if args.work else ("/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    work = args.work or tempfile.mkdtemp(prefix="esep-bench-", dir=base)
    os.makedirs(work, exist_ok=True)
    data = {
        "command": args.command,
        "date": time.strftime("%Y-%m-%d"),
        "runs": args.runs,
        "quick": args.quick,
        "budget_s": args.budget,
        "skip_slow_at": None if args.all else args.skip_slow_at,
        "scratch_on_tmpfs": work.startswith("/dev/shm"),
        "machine": machine(args),
        "notes": {t.key: t.note for t in selected if t.note},
        "sizes": [],
    }
    busy0, own0, wall0 = busy_cpu_s(), own_cpu_s(), time.monotonic()
    try:
        for n in sizes:
            wl = fresh(os.path.join(work, f"wl{n}"))
            run_checked([args.esep, "workload", "--tables", str(n), wl])
            ctx = {"wl": wl, "langs": ["kk", "ru"], "ref": None}
            size = {"n": n, "tools": {}}
            data["sizes"].append(size)
            for tool in selected:
                if tool.slow and not args.all and n >= args.skip_slow_at:
                    prev = [(s["n"], s["tools"].get(tool.key)) for s in data["sizes"] if s["n"] < n]
                    prev = [(pn, r) for pn, r in prev if r and not r.get("skipped")]
                    if prev:
                        pn, r = max(prev, key=lambda x: x[0])
                        est = statistics.median(r["wall_s"]) * n / pn
                        size["tools"][tool.key] = {"skipped": True, "extrapolated_s": est, "from_n": pn}
                        log(f"[{n}] {tool.label}: skipped (≈ {fmt_s(est)} s by linear extrapolation from the {pn} run)")
                    else:
                        log(f"[{n}] {tool.label}: skipped, nothing to extrapolate from")
                    continue
                if tool.prep:
                    tool.prep(wl)
                argv = lambda out: tool.argv(wl, out)  # noqa: E731
                cwd = wl
                warm_out = fresh(os.path.join(work, f"{tool.key}-{n}-warm"))
                w = measure(argv(warm_out), cwd)
                check = ""
                if tool.check:
                    try:
                        check = tool.check(ctx, warm_out)
                    except Fail as e:
                        sys.exit(f"SANITY CHECK FAILED: {tool.label} at N={n}: {e}")
                if tool.check and tool.key != "esep_md" and n == sizes[0]:
                    # The check itself, once: esep's figures with one share changed must fail it.
                    try:
                        tool.check(dict(ctx, ref=tampered(ctx, work)), warm_out)
                    except Fail:
                        pass
                    else:
                        sys.exit(f"the sanity check of {tool.label} did not notice a changed figure")
                runs, inner = [], []
                if w[0] > args.budget:
                    runs, inner = [w], [inner_timings(warm_out)]
                else:
                    for i in range(args.runs):
                        out = fresh(os.path.join(work, f"{tool.key}-{n}-{i}"))
                        runs.append(measure(argv(out), cwd))
                        inner.append(inner_timings(out))
                        shutil.rmtree(out, ignore_errors=True)
                r = {
                    "wall_s": [x[0] for x in runs],
                    "maxrss_kib": [x[1] for x in runs],
                    "cpu_s": [x[2] for x in runs],
                    "warmup_s": w[0],
                    "check": check,
                }
                if all(inner):  # the peer's own clock for its inner part, median of the runs
                    r["inner"] = {k: statistics.median(d[k] for d in inner) for k in inner[0]}
                size["tools"][tool.key] = r
                if tool.key != "esep_md":  # esep md's output is the reference for the rest
                    shutil.rmtree(warm_out, ignore_errors=True)
                log(f"[{n}] {tool.label}: {cell(r)} s, {mib(statistics.median(r['maxrss_kib']))} MiB" + (f"; check: {check}" if check else ""))
            shutil.rmtree(wl, ignore_errors=True)
            shutil.rmtree(os.path.join(work, "ref-tampered"), ignore_errors=True)
            if ctx["ref"]:
                shutil.rmtree(ctx["ref"], ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    data["machine"]["loadavg_end"] = os.getloadavg()[0]
    # The load average at the start still counts the release build just before; what
    # says whether the machine was shared is the CPU that processes other than the
    # benchmark's used during it: the machine's busy time less the benchmark's own.
    busy1, wall = busy_cpu_s(), time.monotonic() - wall0
    if busy0 is not None and busy1 is not None:
        other = max(0.0, (busy1 - busy0) - (own_cpu_s() - own0))
        data["machine"].update(
            other_cpu_s=other,
            run_wall_s=wall,
            other_cpu_share=other / (wall * (data["machine"]["nproc"] or 1)),
        )
    write_outputs(args, data)


def write_outputs(args, data):
    md = results_markdown(data)
    print(md)
    if not args.no_write:
        os.makedirs(os.path.dirname(args.results), exist_ok=True)
        with open(args.results, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False)
            f.write("\n")
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(svg_plot(data))
        update_doc(args.doc, md)
        log(f"wrote {os.path.relpath(args.results, REPO)}, {os.path.relpath(args.svg, REPO)}, {os.path.relpath(args.doc, REPO)}")


if __name__ == "__main__":
    main()
