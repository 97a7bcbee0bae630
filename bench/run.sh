#!/usr/bin/env bash
# End-to-end benchmark: esep build (md, html, pdf, all three) against peer tools on the same
# generated content (`esep workload --tables N`), wall time and peak memory; see
# BENCHMARKS.md. Everything after the script's name goes to bench/harness.py:
#
#   bench/run.sh                      sizes 25,250,2500, 5 runs, WeasyPrint skipped at 2500
#   bench/run.sh --quick              sizes 25,250, 2 runs, WeasyPrint at 25 only
#   bench/run.sh --sizes 25,250 --runs 3 [--all] [--budget 60] [--skip-slow-at N]
#
# Installs what it needs the first time (Python peers into bench/.venv, pandoc, GNU time and
# poppler-utils with apt-get where missing); needs no network once they are there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ " $* " == *" --help "* || " $* " == *" -h "* ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  exec python3 bench/harness.py --help
fi

# Debian packages: pandoc (a peer), GNU time (peak memory), pdftotext (the sanity check).
need=()
command -v pandoc >/dev/null 2>&1 || need+=(pandoc)
[ -x /usr/bin/time ] || need+=(time)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  (apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null) ||
    echo "warning: could not install ${need[*]}" >&2
fi

# The Python peers, in their own virtual environment.
venv=bench/.venv
if ! "$venv/bin/python" -c 'import yaml, jinja2, typst' 2>/dev/null; then
  echo "installing the Python peers into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r bench/requirements.txt
fi
# WeasyPrint needs Pango from the system.
if ! "$venv/bin/python" -c 'import weasyprint' 2>/dev/null; then
  echo "installing Pango for WeasyPrint" >&2
  (apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null) ||
    echo "warning: could not install Pango" >&2
  "$venv/bin/python" -c 'import weasyprint'
fi

cargo build --release --locked --bin esep --example minimal_md >&2

# DejaVu Sans for the PDF peers: the very TTFs esep embeds (the dejavu crate's sources,
# there after the build), else the system's.
fonts=$(find "${CARGO_HOME:-$HOME/.cargo}/registry/src" -maxdepth 5 -type d -path '*/dejavu-*/ttf' 2>/dev/null | sort | tail -n 1 || true)
if [ -z "$fonts" ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  fonts=/usr/share/fonts/truetype/dejavu
fi
[ -n "$fonts" ] || { echo "no DejaVu Sans TTF found for the PDF peers" >&2; exit 1; }

exec "$venv/bin/python" bench/harness.py \
  --esep target/release/esep \
  --minimal target/release/examples/minimal_md \
  --font-dir "$fonts" \
  --command "bench/run.sh${*:+ $*}" \
  "$@"
