"""Numbers and amounts in Flemish notation, as every page and fact shows them: the separators are
Babel's for nl_BE (CLDR), the digits Python's own formatting (Babel's pattern formatter took a sixth
of the time of rendering a thousand practices, for the same text)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from babel import Locale

NL_BE = Locale.parse("nl_BE")
_SYMBOLS = NL_BE.number_symbols["latn"]
_FLEMISH = str.maketrans({",": _SYMBOLS["group"], ".": _SYMBOLS["decimal"]})


def number(value: float | int) -> str:
    """A number in Flemish notation, at most two decimals: 1279925 -> '1.279.925', 2.5 -> '2,5'."""
    if float(value).is_integer():
        return f"{int(value):,}".translate(_FLEMISH)
    return f"{_cents(value):,.2f}".rstrip("0").rstrip(".").translate(_FLEMISH)


def euro(value: float | int) -> str:
    """An amount in euro: 211795 -> '€ 211.795', 42500.5 -> '€ 42.500,50'."""
    if value < 0:
        return "-" + euro(-value)
    if float(value).is_integer():
        return "€ " + f"{int(value):,}".translate(_FLEMISH)
    return "€ " + f"{_cents(value):,.2f}".translate(_FLEMISH)


def _cents(value: float) -> Decimal:
    """Rounded to two decimals as written (2.675 -> 2.68, half to even, as Babel rounds)."""
    return Decimal(repr(value)).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
