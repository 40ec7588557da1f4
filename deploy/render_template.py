"""Fills in the ${NAME} placeholders of a template from the environment.

    python deploy/render_template.py deploy/nginx.conf.template out.conf NAME...

Only the listed names are replaced (nginx's own $variables stay as they are);
a listed name that is not set in the environment is an error, as is any
${NAME} left over. Only the standard library is used.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Iterable, Mapping


def render(template: str, names: Iterable[str], environ: Mapping[str, str]) -> str:
    for name in names:
        if name not in environ:
            raise SystemExit(f"{name} is not set")
        template = template.replace("${" + name + "}", environ[name])
    left = sorted(set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", template)))
    if left:
        raise SystemExit(f"placeholders without a value: {', '.join(left)}")
    return template


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        raise SystemExit(__doc__)
    source, target, names = Path(argv[0]), Path(argv[1]), argv[2:]
    target.write_text(render(source.read_text(encoding="utf-8"), names, os.environ),
                      encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
