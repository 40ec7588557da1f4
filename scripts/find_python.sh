#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter (Rasa 3.6 needs >=3.8,<3.11).
# Looks at $PYTHON, then pyenv (.python-version), then python3.10 and python3.
set -u
is_310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  wanted=$(cat "$(dirname "$0")/../.python-version" 2>/dev/null)
  root=$(pyenv root 2>/dev/null)
  [ -n "$wanted" ] && candidates+=("$root/versions/$wanted/bin/python")
  for dir in "$root"/versions/3.10*; do [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python"); done
fi
for name in python3.10 python3; do
  command -v "$name" >/dev/null 2>&1 && candidates+=("$(command -v "$name")")
done

for python in "${candidates[@]}"; do
  if [ -x "$python" ] || command -v "$python" >/dev/null 2>&1; then
    if is_310 "$python"; then echo "$python"; exit 0; fi
  fi
done
echo "No Python 3.10 interpreter found. Rasa 3.6 needs Python 3.10." >&2
echo "Install one (e.g. 'pyenv install 3.10.13') or point PYTHON at it: make setup PYTHON=/path/to/python3.10" >&2
exit 1
