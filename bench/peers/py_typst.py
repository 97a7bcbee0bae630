"""Peer: Python -> Typst -> PDF (typst-py, Typst's compiler as a Python module). The
figures are derived in Python beforehand (common.py; Typst only lays out), the section's
.md.tera template rendered by Jinja2 with `table()` giving Typst table code, its headings
and paragraphs turned into Typst by a few lines below. Writes OUT/typ/*.typ, then compiles
OUT/<lang>/<section>.pdf per section and one OUT/<lang>/chapter.pdf of all sections (a
document of its own: Typst lays the sections out again), A4, running head, page numbers,
DejaVu Sans from --font-dir (no system fonts then).

    python py_typst.py PROJECT_DIR OUT_DIR [--font-dir DIR]

Writes OUT/.timings.json: seconds inside typst.compile apart from the rest.
"""

import json
import os
import sys
import time

T0 = time.perf_counter()

import jinja2  # noqa: E402
import typst  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import py_md  # noqa: E402

STYLE_TYP = """\
#let setup(lang: "ru", report-title: "", body) = {
  set page(
    paper: "a4",
    margin: (x: 15mm, y: 18mm),
    header: context {
      let here-page = here().page()
      let hs = query(heading.where(level: 1)).filter(h => h.location().page() <= here-page)
      set text(7pt, fill: luma(85))
      grid(columns: (1fr, auto), report-title, if hs.len() > 0 { hs.last().body })
    },
    footer: context align(center, text(7pt, counter(page).display("1 / 1", both: true))),
  )
  set text(font: "DejaVu Sans", size: 8.5pt, lang: lang)
  show heading.where(level: 1): set text(14pt)
  show heading.where(level: 1): set block(below: 8pt)
  show table: set text(6.5pt)
  body
}
"""

# One table in Typst code: every text a string literal (no markup to escape).
TABLE_TYP = """\
{%- set cap = caption(t.title[lang]) -%}
#block(breakable: false, strong({{ q((cap[0] ~ " " if cap[0] else "") ~ cap[1]) }}))
#table(
  columns: (auto,{% for c in t.columns %} 1fr,{% endfor %}),
  align: (x, y) => if x == 0 { left } else if y < {{ depth(t) }} { center } else { right },
  stroke: (x, y) => (bottom: 0.4pt + luma(160)),
  inset: (x: 2.5pt, y: 1.8pt),
  table.header(
{% for row in header_rows(t.columns, lang) %}    {% if loop.first %}table.cell(rowspan: {{ loop.length }}, {{ q(t.stub[lang]) }}), {% endif %}{% for text, cols, rows in row %}table.cell(colspan: {{ cols }}, rowspan: {{ rows }}, {{ q(text) }}), {% endfor %}
{% endfor %}  ),
{% for label, figs in t.rows %}  {{ q(label[lang]) }},{% for f in figs %} {{ q(f | num) }},{% endfor %}
{% endfor %}  table.hline(stroke: 1pt),
  strong({{ q(t.total[0][lang]) }}),{% for f in t.total[1] %} strong({{ q(f | num) }}),{% endfor %}
)
"""


def q(s):
    """A Typst string literal."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def blocks_to_typst(text):
    out = []
    for block in text.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("# "):
            out.append(f"#heading(level: 1, {q(block[2:])})")
        elif block.startswith("#"):
            out.append(block)  # Typst code from table()
        else:
            out.append(f"#par({q(block)})")
    return "\n\n".join(out) + "\n"


def main(root, out, font_dir=None):
    project = common.read_project(root)
    md_env = py_md.environment(root)
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters["num"] = common.number
    env.globals.update(
        caption=common.caption_lines,
        header_rows=common.header_rows,
        depth=lambda t: max(len(c.heading) for c in t.columns),
        q=q,
    )
    table_tmpl = env.from_string(TABLE_TYP)
    typ = os.path.join(out, "typ")
    os.makedirs(typ, exist_ok=True)
    with open(os.path.join(typ, "style.typ"), "w", encoding="utf-8") as f:
        f.write(STYLE_TYP)
    fonts = {"font_paths": [font_dir], "ignore_system_fonts": True} if font_dir else {}
    compile_s = 0.0
    for lang in project.languages:
        os.makedirs(os.path.join(out, lang), exist_ok=True)
        setup = f'#import "style.typ": setup\n#show: setup.with(lang: {q(lang)}, report-title: {q(project.title[lang])})\n'
        chapter = [setup]
        for i, section in enumerate(project.sections):
            body = py_md.render_section(
                md_env, table_tmpl, section, lang, lambda t, lang: table_tmpl.render(t=t, lang=lang)
            )
            name = f"{section.id}.{lang}"
            with open(os.path.join(typ, name + ".body.typ"), "w", encoding="utf-8") as f:
                f.write(blocks_to_typst(body))
            with open(os.path.join(typ, name + ".typ"), "w", encoding="utf-8") as f:
                f.write(f'{setup}#include "{name}.body.typ"\n')
            if i:
                chapter.append("#pagebreak()\n")
            chapter.append(f'#include "{name}.body.typ"\n')
            t = time.perf_counter()
            typst.compile(
                os.path.join(typ, name + ".typ"),
                output=os.path.join(out, lang, section.id + ".pdf"),
                root=typ,
                **fonts,
            )
            compile_s += time.perf_counter() - t
        with open(os.path.join(typ, f"chapter.{lang}.typ"), "w", encoding="utf-8") as f:
            f.write("".join(chapter))
        t = time.perf_counter()
        typst.compile(
            os.path.join(typ, f"chapter.{lang}.typ"),
            output=os.path.join(out, lang, "chapter.pdf"),
            root=typ,
            **fonts,
        )
        compile_s += time.perf_counter() - t
    with open(os.path.join(out, ".timings.json"), "w") as f:
        json.dump({"typst_compile": compile_s, "whole": time.perf_counter() - T0}, f)


if __name__ == "__main__":
    args = sys.argv[1:]
    font_dir = None
    if "--font-dir" in args:
        i = args.index("--font-dir")
        font_dir = args[i + 1]
        del args[i : i + 2]
    main(args[0], args[1], font_dir)
