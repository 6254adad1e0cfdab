#!/usr/bin/env bash
# Set up journeysim on a fresh machine: Python 3.12 venv, the package with its test
# extras, and Debian's Chromium for the browser tests (skipped when apt is unavailable).
set -euo pipefail
cd "$(dirname "$0")"

pick_python() {
  for cand in python3.12 "$HOME/.pyenv/versions/3.12.1/bin/python" python3 python; do
    if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    local v; v=$(pyenv versions --bare | grep -E '^3\.1[2-9]' | head -1 || true)
    if [ -n "$v" ]; then echo "$(pyenv root)/versions/$v/bin/python"; return 0; fi
  fi
  echo "journeysim needs Python 3.12 or newer (mesa 3.5); install it, e.g. 'pyenv install 3.12'" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(pick_python)
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install --quiet -e '.[test]' 2>&1 | grep -v -E "^WARNING: Location|ignored: it is neither" || true
.venv/bin/python -c "import journeysim, mesa; print('journeysim', journeysim.__version__, 'on mesa', mesa.__version__)"

if ! command -v chromium >/dev/null 2>&1 && [ "${JOURNEYSIM_NO_BROWSER:-0}" != "1" ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "could not install chromium; browser tests will be skipped" >&2
  else
    echo "chromium not found and cannot be installed here; browser tests will be skipped" >&2
  fi
fi
