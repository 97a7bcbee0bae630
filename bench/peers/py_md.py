"""Peer: Python + Jinja2 -> Markdown. Renders esep's own section templates
(`templates/<section>.<lang>.md.tera`, whose `{{ section.title }}` and
`{{ table(id="…") }}` are Jinja2 syntax too) with Jinja2; `table()` renders a Jinja2 table
template with the figures derived in Python (common.py). One Markdown file per section and
language: OUT/<lang>/<section>.md.

    python py_md.py PROJECT_DIR OUT_DIR
"""

import os
import sys

import jinja2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

TABLE_MD = """\
{%- set cap = caption(t.title[lang]) -%}
**{% if cap[0] %}{{ cap[0] }}
{% endif %}{{ cap[1] }}**

| {{ t.stub[lang] }} |{% for c in t.columns %} {{ c.heading | map(attribute=lang) | join(", ") }} |{% endfor %}
|---|{% for c in t.columns %}---:|{% endfor %}
{% for label, figs in t.rows %}| {{ label[lang] }} |{% for f in figs %} {{ f | num }} |{% endfor %}
{% endfor %}| **{{ t.total[0][lang] }}** |{% for f in t.total[1] %} **{{ f | num }}** |{% endfor %}"""


def environment(root):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(root, "templates")),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = common.number
    env.globals["caption"] = common.caption_lines
    return env


def render_section(env, table_tmpl, section, lang, table_fn=None):
    """Section `section` in `lang` from its .md.tera template; `table_fn(table, lang)` gives
    each table's text (Markdown unless a caller passes its own)."""
    if table_fn is None:
        table_fn = lambda t, lang: table_tmpl.render(t=t, lang=lang)  # noqa: E731
    page = env.get_template(f"{section.id}.{lang}.md.tera")
    return page.render(
        section={"id": section.id, "title": section.title[lang]},
        table=lambda id: table_fn(section.tables[id], lang),
    )


def main(root, out):
    project = common.read_project(root)
    env = environment(root)
    table_tmpl = env.from_string(TABLE_MD)
    for lang in project.languages:
        os.makedirs(os.path.join(out, lang), exist_ok=True)
    for section in project.sections:
        for lang in project.languages:
            md = render_section(env, table_tmpl, section, lang)
            with open(os.path.join(out, lang, section.id + ".md"), "w", encoding="utf-8") as f:
                f.write(md)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
