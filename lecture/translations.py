"""Chinese subtitles from gettext catalogs, one per chapter.

The Chinese track of every video comes from ``locale/zh_CN/LC_MESSAGES/<chapter>.po``
(standard gettext PO files, so Poedit, Weblate, ``msgmerge`` and friends
work on them). Each ``msgid`` is the *template* of one beat line: beat lines
are often f-strings with measured numbers in them, e.g.
``self.beat(f"Adding up all 784 products gives the weighted sum, {fmt(s, 3)}.")``,
and each ``{...}`` field becomes ``{0}``, ``{1}``, ... in order. The
``msgstr`` uses the same numbered fields (in any order). At render time a
subtitle is matched against the templates and the numbers are carried over,
so no catalog holds a number of its own.

:func:`beat_templates` reads the templates straight from the chapter sources
(with :mod:`ast`). ``python -m lecture.translations`` lists the beat lines
without a Chinese line; ``--update`` adds them to the catalogs as empty
entries (and marks entries no beat uses any more as obsolete, ``#~``), as
``msgmerge`` would. Fuzzy and empty entries count as missing, and the test
suite fails on any.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from dataclasses import dataclass, field as dc_field
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Where the catalogs live (gettext layout).
LOCALE_DIR = REPO / "locale"
LANGUAGE = "zh_CN"

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


def templates_of(node: ast.expr) -> list[str | None]:
    """Every template a beat argument can produce (both branches of ``a if c else b``)."""
    if isinstance(node, ast.IfExp):
        return templates_of(node.body) + templates_of(node.orelse)
    return [template_of(node)]


def beat_templates(path: Path) -> list[tuple[int, str | None]]:
    """Every ``self.beat(...)`` / ``scene.beat(...)`` call in a source file.

    Parameters
    ----------
    path : Path
        A chapter file.

    Returns
    -------
    list of (int, str or None)
        Line number and template of each beat line (a conditional argument
        gives one entry per branch; None if the argument is not a literal
        string or f-string). ``super().beat(caption)`` in an overriding
        ``beat`` is not a narration line and is left out.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "beat" and node.args):
            continue
        owner = node.func.value
        if isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name) and owner.func.id == "super":
            continue
        found.extend((node.lineno, t) for t in templates_of(node.args[0]))
    return sorted(found, key=lambda item: item[0])



# ------------------------------------------------------------------ PO files
@dataclass
class Entry:
    """One PO entry: a beat template and its Chinese line."""

    msgid: str
    msgstr: str = ""
    references: list[str] = dc_field(default_factory=list)
    fuzzy: bool = False
    obsolete: bool = False


def _unquote(s: str) -> str:
    s = s.strip()
    if not (len(s) >= 2 and s[0] == s[-1] == '"'):
        raise ValueError(f"not a quoted PO string: {s!r}")
    out, i, body = [], 0, s[1:-1]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def read_po(path: Path) -> list[Entry]:
    """The entries of a PO file (the header entry, ``msgid ""``, left out).

    Raises
    ------
    ValueError
        With the file and line number, when a line is not PO syntax.
    """
    entries: list[Entry] = []
    cur: Entry | None = None
    target = None  # "msgid" or "msgstr": where a continuation string goes
    flags: list[str] = []
    refs: list[str] = []

    def finish() -> None:
        nonlocal cur
        if cur is not None and cur.msgid:
            entries.append(cur)
        cur = None

    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        try:
            if not line:
                continue
            if line.startswith("#,"):
                finish()
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#:"):
                finish()
                refs += line[2:].split()
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid "):
                finish()
                cur = Entry(_unquote(line[6:]), references=refs, fuzzy="fuzzy" in flags, obsolete=obsolete)
                flags, refs, target = [], [], "msgid"
            elif line.startswith("msgstr "):
                if cur is None:
                    raise ValueError("msgstr without msgid")
                cur.msgstr, target = _unquote(line[7:]), "msgstr"
            elif line.startswith('"'):
                if cur is None or target is None:
                    raise ValueError("string outside an entry")
                setattr(cur, target, getattr(cur, target) + _unquote(line))
            else:
                raise ValueError("not PO syntax")
        except ValueError as exc:
            raise ValueError(f"{path}:{n}: {exc}: {raw.strip()[:60]!r}") from None
    finish()
    return entries


HEADER = ('msgid ""\nmsgstr ""\n"Project-Id-Version: nn-lectures\\n"\n"Language: zh_CN\\n"\n'
          '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
          '"Content-Transfer-Encoding: 8bit\\n"\n')


def write_po(path: Path, entries: list[Entry], comment: str = "") -> None:
    """Write a PO file through a temporary file and a rename (never half-written)."""
    parts = [f"# {line}\n" for line in comment.splitlines()] + [HEADER]
    for e in entries:
        pre = "#~ " if e.obsolete else ""
        block = ""
        if e.references and not e.obsolete:
            block += "#: " + " ".join(e.references) + "\n"
        if e.fuzzy:
            block += "#, fuzzy\n"
        block += f"{pre}msgid {_quote(e.msgid)}\n{pre}msgstr {_quote(e.msgstr)}\n"
        parts.append(block)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text("\n".join(parts), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def po_path(chapter: str) -> Path:
    """The catalog of one chapter."""
    return LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{chapter}.po"


@lru_cache(maxsize=None)
def _catalog(path: Path, mtime_ns: int) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in read_po(path) if e.msgstr.strip() and not e.fuzzy and not e.obsolete}


def table() -> dict[str, str]:
    """Template -> Chinese over every chapter's catalog (usable entries only)."""
    merged: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / LANGUAGE / "LC_MESSAGES").glob("*.po")):
        merged.update(_catalog(path, path.stat().st_mtime_ns))
    return merged


@lru_cache(maxsize=64)
def _pattern(en: str) -> re.Pattern[str]:
    regex = ""
    for i, piece in enumerate(_FIELD.split(en)):
        regex += re.escape(piece) if i % 2 == 0 else f"(?P<f{piece}>.+?)"
    return re.compile(regex + r"\Z", re.S)


def translate(line: str, zh: dict[str, str] | None = None) -> str | None:
    """The Chinese for one rendered English subtitle line, or None if no catalog has it."""
    zh = table() if zh is None else zh
    line = line.strip()
    if line in zh:
        return zh[line]
    for en, target in zh.items():
        if _FIELD.search(en):
            m = _pattern(en).match(line)
            if m:
                return _FIELD.sub(lambda f: m.group(f"f{f.group(1)}"), target)
    return None


def translate_srt(text: str, zh: dict[str, str] | None = None) -> str:
    """Translate the content of every subtitle of an ``.srt`` file (timings kept).

    A line missing from the catalogs stays in English.
    """
    import srt

    zh = table() if zh is None else zh
    subs = list(srt.parse(text))
    for sub in subs:
        joined = " ".join(sub.content.split("\n"))
        sub.content = translate(joined, zh) or sub.content
    return srt.compose(subs, reindex=False)


def chapter_templates(chapter) -> list[tuple[str, int, str | None]]:
    """``(file, line, template)`` of every beat of a catalog chapter (file or package)."""
    return [(src.relative_to(REPO).as_posix(), line, t)
            for src in chapter.sources for line, t in beat_templates(src)]


def missing_translations() -> list[str]:
    """``file:line: template`` for every beat of the catalog's chapters that has no Chinese line."""
    from lecture.catalog import chapters

    zh = table()
    return [f"{src}:{line}: {t!r}" for chapter in chapters(warn=False)
            for src, line, t in chapter_templates(chapter) if t is None or t not in zh]


def update_catalogs(names: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Bring every chapter's catalog in line with its beats (like ``msgmerge``).

    New templates are added with an empty ``msgstr``; entries no beat uses
    become obsolete (``#~``, kept for reuse); references are refreshed.

    Parameters
    ----------
    names : list of str, optional
        Only these chapters (default: every chapter of the catalog).

    Returns
    -------
    dict
        Chapter -> (entries added, entries made obsolete).
    """
    from lecture.catalog import chapters

    report = {}
    for chapter in chapters(names, warn=False):
        path = po_path(chapter.name)
        old = {e.msgid: e for e in read_po(path)} if path.is_file() else {}
        refs: dict[str, list[str]] = {}
        for src, line, t in chapter_templates(chapter):
            if t is not None:
                refs.setdefault(t, []).append(f"{src}:{line}")
        entries, added = [], 0
        for t, where in refs.items():
            e = old.pop(t, None) or Entry(t)
            added += e.msgstr == "" and not e.references
            e.references, e.obsolete = where, False
            entries.append(e)
        for e in old.values():
            e.obsolete, e.references = True, []
        write_po(path, entries + list(old.values()),
                 comment=f"Chinese subtitles of {chapter.name}: {chapter.title}")
        report[chapter.name] = (added, len(old))
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lecture.translations", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="add new beat lines to the catalogs (empty) and mark unused ones obsolete")
    parser.add_argument("--chapter", action="append", metavar="NAME",
                        help="only this chapter's catalog (repeatable; default: all)")
    args = parser.parse_args(argv)
    if args.update:
        for name, (added, gone) in update_catalogs(args.chapter).items():
            print(f"{po_path(name).relative_to(REPO)}: {added} new, {gone} obsolete")
    lines = missing_translations()
    print("\n".join(lines) or "every beat line has a Chinese translation")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
