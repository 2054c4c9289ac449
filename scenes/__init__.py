"""Manim CE scenes of the lectures, one module per chapter.

Each chapter module lists its scenes in order in ``SCENES``. Scenes only read
snapshot data (:mod:`scenes.data`) and draw with the reusable mobjects in
:mod:`scenes.mobjects`; they never train.
"""
