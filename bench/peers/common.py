"""What every Python peer does the same way: read the project that `esep workload` wrote
(report, dimensions, one YAML file a table), derive each table's total and shares from the
raw counts with the decimal module (half-up, the column's precision), and print figures as
esep does (digits grouped by three with a no-break space, a decimal comma).

Only the shapes the workload uses are understood (leaf, `group` and `each` columns;
`derive: {sum: ["*.<key>"]}` and `derive: {share: <key>, of: <key>}`); anything else stops.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import yaml

try:  # PyYAML's C parser where it was built with libyaml: what a user would pick.
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as Loader


def load(path: str):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


@dataclass
class Column:
    heading: list  # one {lang: text} per level, outermost first
    key: str  # "total", "under_30.count", …
    how: tuple  # ("raw", n) | ("sum", [i…]) | ("share", part, whole)
    precision: int


@dataclass
class Table:
    id: str
    title: dict
    stub: dict
    columns: list  # of Column
    rows: list  # of (label {lang: text}, [Decimal…] rounded)
    total: tuple  # (label, [Decimal…] rounded)


@dataclass
class Section:
    id: str
    title: dict
    tables: dict  # id -> Table


@dataclass
class Project:
    root: str
    title: dict
    languages: list
    sections: list  # of Section


def read_project(root: str) -> Project:
    report = load(os.path.join(root, "data", "report.yaml"))
    dims = load(os.path.join(root, "data", "dimensions.yaml"))
    sections = []
    for s in report["sections"]:
        sdir = os.path.join(root, "data", s["id"])
        tables = {}
        for name in sorted(os.listdir(sdir)):
            if name.endswith(".yaml"):
                tid = name[: -len(".yaml")]
                tables[tid] = compute(tid, load(os.path.join(sdir, name)), dims)
        sections.append(Section(s["id"], s["title"], tables))
    return Project(root, report["title"], report["languages"], sections)


def flatten(cols, heading, member, dims, out, raw):
    for c in cols:
        if "group" in c:
            flatten(c["columns"], heading + [c["group"]], member, dims, out, raw)
        elif "each" in c:
            for m in dims[c["each"]]["members"]:
                flatten(c["columns"], heading + [m["label"]], m["key"], dims, out, raw)
        else:
            key = c["key"]
            full = f"{member}.{key}" if member else key

            def find(k):
                for i, col in enumerate(out):
                    if member and col.key == f"{member}.{k}":
                        return i
                for i, col in enumerate(out):
                    if col.key == k:
                        return i
                raise SystemExit(f"no column {k} before {full}")

            d = c.get("derive")
            if d is None:
                how = ("raw", raw[0])
                raw[0] += 1
            elif "share" in d:
                how = ("share", find(d["share"]), find(d["of"]))
            elif "sum" in d:
                (pattern,) = d["sum"]
                assert pattern.startswith("*."), pattern
                how = ("sumof", "." + pattern[2:])
            else:
                raise SystemExit(f"{full}: a derive this peer does not know: {d}")
            out.append(Column(heading + [c["label"]], full, how, c.get("precision", 0)))


HUNDRED = Decimal(100)


def figures(columns, values):
    exact = [Decimal(0)] * len(columns)
    for kind in ("raw", "sum", "share"):
        for i, c in enumerate(columns):
            if c.how[0] != kind:
                continue
            if kind == "raw":
                exact[i] = values[c.how[1]]
            elif kind == "sum":
                exact[i] = sum((exact[j] for j in c.how[1]), Decimal(0))
            else:
                whole = exact[c.how[2]]
                exact[i] = Decimal(0) if whole == 0 else exact[c.how[1]] * HUNDRED / whole
    return [
        v.quantize(Decimal(1).scaleb(-c.precision), rounding=ROUND_HALF_UP)
        for v, c in zip(exact, columns)
    ]


def compute(tid, src, dims) -> Table:
    columns, raw = [], [0]
    flatten(src["columns"], [], None, dims, columns, raw)
    for c in columns:  # `*.count` sums every count column, declared after the sum
        if c.how[0] == "sumof":
            c.how = ("sum", [j for j, o in enumerate(columns) if o.key.endswith(c.how[1])])
    units = [m for r in src["rows"] for m in dims[r]["members"]]
    sums = [Decimal(0)] * raw[0]
    rows = []
    for u in units:
        values = [Decimal(v) for v in src["values"][u["key"]]]
        if len(values) != raw[0]:
            raise SystemExit(f"{tid}: row {u['key']} of the wrong length")
        sums = [a + b for a, b in zip(sums, values)]
        rows.append((u["label"], figures(columns, values)))
    total = (src["total_row"]["label"], figures(columns, sums))
    return Table(tid, src["title"], src["stub"], columns, rows, total)


def number(v: Decimal) -> str:
    """A figure as esep prints it: 1\u00a0234,5."""
    s = format(v, "f")
    sign = ""
    if s.startswith("-"):
        sign, s = "\u2212", s[1:]
    whole, _, frac = s.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + "\u00a0".join(groups)
    return out + "," + frac if frac else out


def caption_lines(title: str) -> tuple:
    """esep sets a table's number on a line of its own: ("Таблица 1.", "Возрастная …")."""
    number_part, sep, rest = title.partition(". ")
    return (number_part + ".", rest) if sep else ("", title)


def header_rows(columns, lang):
    """The column headings as rows of merged cells, esep's layout: a list of rows, each a
    list of (text, colspan, rowspan); the stub is not included."""
    depth = max(len(c.heading) for c in columns)
    rows = [[] for _ in range(depth)]
    for level in range(depth):
        i = 0
        while i < len(columns):
            h = columns[i].heading
            if level >= len(h):
                i += 1
                continue
            if level == len(h) - 1:
                # A leaf: it spans down to the last heading row.
                rows[level].append((h[level][lang], 1, depth - level))
                i += 1
                continue
            j = i
            while (
                j < len(columns)
                and len(columns[j].heading) > level + 1
                and columns[j].heading[: level + 1] == h[: level + 1]
            ):
                j += 1
            rows[level].append((h[level][lang], j - i, 1))
            i = j
    return rows
