"""Peer: Python + Jinja2 + WeasyPrint -> PDF. The section's .md.tera template rendered by
Jinja2 with `table()` giving an HTML table (figures derived in Python, common.py); its
headings and paragraphs made HTML by a few lines below (no Markdown library); a Jinja2 page
around it (A4, running head, page numbers, DejaVu Sans); WeasyPrint lays each section out
and writes OUT/<lang>/<section>.pdf, then one OUT/<lang>/chapter.pdf of all the sections'
pages (the laid-out pages reused, as WeasyPrint's docs show for joining documents: no
second layout, so the chapter's page numbers restart at each section).

    python py_weasy.py PROJECT_DIR OUT_DIR [--font-dir DIR]

Writes OUT/.timings.json: seconds spent in WeasyPrint (layout and PDF writing) apart from
the rest (Python start, YAML, derivation, Jinja2).
"""

import html
import json
import os
import sys
import time

T0 = time.perf_counter()

import jinja2  # noqa: E402
import markupsafe  # noqa: E402
import weasyprint  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import py_md  # noqa: E402

TABLE_HTML = """\
{%- set cap = caption(t.title[lang]) -%}
<table>
<caption>{% if cap[0] %}{{ cap[0] }} {% endif %}{{ cap[1] }}</caption>
<thead>
{% for row in header_rows(t.columns, lang) %}<tr>{% if loop.first %}<th rowspan="{{ loop.length }}">{{ t.stub[lang] }}</th>{% endif %}{% for text, cols, rows in row %}<th{% if cols > 1 %} colspan="{{ cols }}"{% endif %}{% if rows > 1 %} rowspan="{{ rows }}"{% endif %}>{{ text }}</th>{% endfor %}</tr>
{% endfor %}</thead>
<tbody>
{% for label, figs in t.rows %}<tr><th>{{ label[lang] }}</th>{% for f in figs %}<td>{{ f | num }}</td>{% endfor %}</tr>
{% endfor %}<tr class="total"><th>{{ t.total[0][lang] }}</th>{% for f in t.total[1] %}<td>{{ f | num }}</td>{% endfor %}</tr>
</tbody>
</table>"""

PAGE_HTML = """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ section_title }} — {{ report_title }}</title>
<style>
{% for face in fonts %}@font-face { font-family: "DejaVu Sans"; font-weight: {{ face.weight }}; src: url("{{ face.url }}"); }
{% endfor %}
@page {
  size: A4; margin: 18mm 15mm;
  @top-left { content: "{{ report_title }}"; font: 7pt "DejaVu Sans"; color: #555; }
  @top-right { content: "{{ section_title }}"; font: 7pt "DejaVu Sans"; color: #555; }
  @bottom-center { content: counter(page) " / " counter(pages); font: 7pt "DejaVu Sans"; }
}
body { font-family: "DejaVu Sans"; font-size: 8.5pt; color: #1d2733; }
h1 { font-size: 14pt; margin: 0 0 8pt; }
p { margin: 8pt 0 4pt; }
table { border-collapse: collapse; width: 100%; font-size: 6.5pt; margin-bottom: 6pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 3pt; }
th, td { border-bottom: 0.4pt solid #9aa5b1; padding: 1.2pt 2.5pt; }
thead th { font-weight: normal; text-align: center; }
tbody th { text-align: left; font-weight: normal; }
td { text-align: right; white-space: nowrap; }
tr.total th, tr.total td { font-weight: bold; border-top: 1pt solid #1d2733; }
tr { page-break-inside: avoid; }
</style>
</head>
<body>
{{ body }}
</body>
</html>"""


def blocks_to_html(text):
    """The rendered template's blocks: `# ` a heading, `<` HTML kept, anything else a
    paragraph."""
    out = []
    for block in text.split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("# "):
            out.append(f"<h1>{html.escape(block[2:])}</h1>")
        elif block.startswith("<"):
            out.append(block)
        else:
            out.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(out)


def font_faces(font_dir):
    if not font_dir:
        return []  # the system's DejaVu Sans through fontconfig
    return [
        {"weight": w, "url": "file://" + os.path.join(os.path.abspath(font_dir), name)}
        for w, name in ((400, "DejaVuSans.ttf"), (700, "DejaVuSans-Bold.ttf"))
    ]


def main(root, out, font_dir=None):
    project = common.read_project(root)
    # The section templates are Markdown: rendered as they are, their blocks escaped in
    # blocks_to_html. Tables and the page are HTML templates, data text escaped.
    md_env = py_md.environment(root)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = common.number
    env.globals["caption"] = common.caption_lines
    env.globals["header_rows"] = common.header_rows
    table_tmpl = env.from_string(TABLE_HTML)
    page_tmpl = env.from_string(PAGE_HTML)
    fonts = font_faces(font_dir)
    layout = 0.0
    for lang in project.languages:
        os.makedirs(os.path.join(out, lang), exist_ok=True)
        docs = []
        for section in project.sections:
            body = py_md.render_section(
                md_env,
                table_tmpl,
                section,
                lang,
                lambda t, lang: str(table_tmpl.render(t=t, lang=lang)),
            )
            page = page_tmpl.render(
                lang=lang,
                fonts=fonts,
                report_title=project.title[lang],
                section_title=section.title[lang],
                body=markupsafe.Markup(blocks_to_html(body)),
            )
            t = time.perf_counter()
            doc = weasyprint.HTML(string=page, base_url=root).render()
            doc.write_pdf(os.path.join(out, lang, section.id + ".pdf"))
            layout += time.perf_counter() - t
            docs.append(doc)
        t = time.perf_counter()
        pages = [p for d in docs for p in d.pages]
        docs[0].copy(pages).write_pdf(os.path.join(out, lang, "chapter.pdf"))
        layout += time.perf_counter() - t
    with open(os.path.join(out, ".timings.json"), "w") as f:
        json.dump({"weasyprint": layout, "whole": time.perf_counter() - T0}, f)


if __name__ == "__main__":
    args = sys.argv[1:]
    font_dir = None
    if "--font-dir" in args:
        i = args.index("--font-dir")
        font_dir = args[i + 1]
        del args[i : i + 2]
    main(args[0], args[1], font_dir)
