"""How numbers are written on screen: significant digits, never exponent form.

>>> fmt(0.4705), fmt(-0.0123), fmt(0.13768, 3), fmt(0)
('0.47', '-0.012', '0.138', '0')
>>> signed(0.42), tex_num(-0.57), ptex(-0.688, 3), fixed(-0.0001)
('+0.42', '{-0.57}', '(-0.688)', '0.000')
"""

from __future__ import annotations

import math


def fmt(value: float, sig: int = 2) -> str:
    """``value`` with ``sig`` significant digits (2-3 on screen), never in exponent form."""
    value = float(value)
    if value == 0 or not math.isfinite(value):
        return "0"
    digits = max(0, sig - 1 - int(math.floor(math.log10(abs(value)))))
    text = f"{value:.{digits}f}"
    return "0" if float(text) == 0 else text


def signed(value: float, sig: int = 2) -> str:
    """Like :func:`fmt` but always with a sign (``+0.42`` / ``-0.57``), for changes and nudges."""
    text = fmt(value, sig)
    return text if text.startswith("-") or text == "0" else "+" + text


def tex_num(value: float, sig: int = 2, plus: bool = False) -> str:
    """:func:`fmt` (or :func:`signed` with ``plus``) for MathTex: a negative number is
    braced so TeX sets its minus as a sign, not as a binary operator."""
    text = signed(value, sig) if plus else fmt(value, sig)
    return "{" + text + "}" if text.startswith("-") else text


def ptex(value: float, sig: int = 2) -> str:
    """:func:`fmt` for a factor in a product: a negative number in parentheses."""
    text = fmt(value, sig)
    return f"({text})" if text.startswith("-") else text


def fixed(value: float, decimals: int = 3) -> str:
    """``value`` with a fixed number of decimals for MathTex (``-0.000`` becomes ``0.000``)."""
    text = f"{float(value):.{decimals}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return "{" + text + "}" if text.startswith("-") else text
