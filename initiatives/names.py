"""How the pages write names and money in the reader's language: an entity's name or short label,
and an amount of US dollars in 万 and 亿 or in millions and billions."""

from decimal import Decimal

from django.utils.translation import get_language

from .models import name_in_reader_language

# Chinese counts money in 万 (10^4) and 亿 (10^8); English in millions and billions.
_ZH_UNITS = ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万"))
_EN_UNITS = ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def _plain(number: Decimal, *, separator: str) -> str:
    # At most two decimals and none that are zero: 1.5, 20, 3.36.
    text = f"{number.quantize(Decimal('0.01')):,f}".rstrip("0").rstrip(".")
    return text.replace(",", separator)


def usd_text(amount: Decimal | int | float | None) -> str:
    """An amount of US dollars written the way the active language writes money."""
    if amount is None:
        return ""
    amount = Decimal(str(amount))
    if is_english():
        for size, word in _EN_UNITS:
            if amount >= size:
                return f"US${_plain(amount / size, separator=',')} {word}"
        return f"US${_plain(amount, separator=',')}"
    for size, word in _ZH_UNITS:
        if amount >= size:
            return f"{_plain(amount / size, separator=' ')} {word}美元"
    return f"{_plain(amount, separator=' ')} 美元"


def entity_name(entity) -> str:
    """The entity's name in the active language, or in the other one when it has none."""
    if entity is None:
        return ""
    return name_in_reader_language(name_zh=entity.name_zh, name_en=entity.name_en)


def row_name(row: dict) -> str:
    """The name in the active language of an entity given as a dict with ``name_zh`` and ``name_en``."""
    return name_in_reader_language(name_zh=row.get("name_zh") or "", name_en=row.get("name_en") or "")


def entity_short_name(entity) -> str:
    """A short label for charts and chips: an agency's acronym or Chinese short form."""
    short_zh = getattr(entity, "short_names_zh", None)
    code = getattr(entity, "code", "")
    if is_english():
        # Codes of organisations found only in the text are hashes, not acronyms.
        if short_zh is not None and code and not code.startswith("ORG-"):
            return code
        return entity_name(entity)
    if short_zh:
        return short_zh[0]
    return entity_name(entity)
