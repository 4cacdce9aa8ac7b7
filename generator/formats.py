"""Numbers and amounts in Flemish notation (Babel, nl_BE), as every page and fact shows them."""

from __future__ import annotations

from babel import Locale
from babel.numbers import parse_pattern

NL_BE = Locale.parse("nl_BE")
_NUMBER = parse_pattern("#,##0.##")
_WHOLE_EUROS = parse_pattern("€ #,##0")  # the euro sign as text: Babel need not look it up each time
_EUROS_AND_CENTS = parse_pattern("€ #,##0.00")


def number(value: float | int) -> str:
    """A number in Flemish notation (Babel, nl_BE): 1279925 -> '1.279.925', 2.5 -> '2,5'."""
    return _NUMBER.apply(value, NL_BE)


def euro(value: float | int) -> str:
    """An amount in euro (Babel, nl_BE): 211795 -> '€ 211.795', 42500.5 -> '€ 42.500,50'."""
    pattern = _WHOLE_EUROS if float(value).is_integer() else _EUROS_AND_CENTS
    return pattern.apply(value, NL_BE)
