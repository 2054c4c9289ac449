"""The lecture pipeline: what turns the scenes into a series.

:mod:`lecture.catalog` (the chapters and their scene order),
:mod:`lecture.render` (render-all, chapter videos with narration and
subtitle tracks), :mod:`lecture.slides` (manim-slides decks),
:mod:`lecture.translations` (the Chinese subtitle track, from gettext catalogs in ``locale/``). Tooling only:
``scenes/`` holds what is drawn and said.
"""
