"""How numbers are written on screen (scenes/numbers.py)."""

import doctest

import scenes.numbers
from scenes.numbers import fixed, fmt, ptex, signed, tex_num


def test_doctests():
    assert doctest.testmod(scenes.numbers).failed == 0


def test_significant_digits_without_exponents():
    assert fmt(0.4705) == "0.47"
    assert fmt(-0.0123) == "-0.012"
    assert fmt(3.04898, 3) == "3.05"
    assert fmt(0.13768, 3) == "0.138"
    assert fmt(0.0) == "0"
    assert "e" not in fmt(3e-6)
    assert fmt(12960) == "12960" and fmt(2.75, 3) == "2.75"  # integers keep their digits


def test_signs_and_tex():
    assert signed(0.42) == "+0.42" and signed(-0.57) == "-0.57" and signed(0) == "0"
    assert tex_num(0.42, plus=True) == "+0.42" and tex_num(-0.57) == "{-0.57}"
    assert ptex(-0.5, 3) == "(-0.500)" and ptex(0.5) == "0.50"
    assert fixed(-0.0001) == "0.000" and fixed(-0.25, 2) == "{-0.25}"
