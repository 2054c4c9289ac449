"""Chinese subtitles: a table from every English beat line to Chinese.

Beat lines are often f-strings with measured numbers in them, e.g.
``self.beat(f"Adding up all 784 products gives the weighted sum, {fmt(s, 3)}.")``.
The table is keyed by the line's *template*: each ``{...}`` field of the
f-string becomes ``{0}``, ``{1}``, ... in order, and the Chinese line uses the
same numbered fields (in any order). At run time a rendered subtitle is matched
against the templates and the numbers are carried over, so the table never
holds a number of its own.

:func:`beat_templates` reads the templates straight from the chapter files
(with :mod:`ast`), which is how ``tests/test_render.py`` checks that every
beat has a translation. Lines without one stay in English in the ``.zh.srt``.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

#: English beat template -> Chinese.
ZH: dict[str, str] = {
}

_FIELD = re.compile(r"\{(\d+)\}")


def template_of(node: ast.expr) -> str | None:
    """The template of a beat argument: a string, or an f-string with ``{0}``... fields.

    Returns None for anything else (e.g. a variable).
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts, n = [], 0
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append(f"{{{n}}}")
                n += 1
        return "".join(parts)
    return None


def beat_templates(path: Path) -> list[tuple[int, str | None]]:
    """Every ``self.beat(...)`` call in a source file.

    Parameters
    ----------
    path : Path
        A chapter file.

    Returns
    -------
    list of (int, str or None)
        Line number and template of each beat (None if the argument is not
        a literal string or f-string).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "beat" and node.args):
            found.append((node.lineno, template_of(node.args[0])))
    return sorted(found)


@lru_cache(maxsize=None)
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for en, zh in ZH.items():
        if not _FIELD.search(en):
            continue
        pieces = _FIELD.split(en)
        regex = ""
        for i, piece in enumerate(pieces):
            regex += re.escape(piece) if i % 2 == 0 else f"(?P<f{piece}>.+?)"
        patterns.append((re.compile(regex + r"\Z", re.S), zh))
    return patterns


def translate(line: str) -> str | None:
    """The Chinese for one rendered English subtitle line, or None if the table lacks it."""
    line = line.strip()
    if line in ZH:
        return ZH[line]
    for pattern, zh in _patterns():
        m = pattern.match(line)
        if m:
            return _FIELD.sub(lambda f: m.group(f"f{f.group(1)}"), zh)
    return None


def translate_srt(text: str) -> str:
    """Translate the content of every subtitle of an ``.srt`` file (timings kept).

    A line missing from the table stays in English.
    """
    import srt

    subs = list(srt.parse(text))
    for sub in subs:
        joined = " ".join(sub.content.split("\n"))
        sub.content = translate(joined) or sub.content
    return srt.compose(subs, reindex=False)
