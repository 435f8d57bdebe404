"""How the report writes numbers and dates in each language (docs/report.md#numbers-and-dates).

The rules, as A/HRC/55/69 writes them:
- digits are Western Arabic digits in both languages, with "," grouping thousands (babel's
  patterns for `en` and `zh_Hans_CN` agree: 1,234); a figure is never spelled out in words;
- percentages keep the decimals of the figure's kind (percent_0dp: 57, percent_2dp: 12.34) and
  read "12.34 per cent" in English, "12.34%" in Chinese;
- a computed `at_least` figure is a count of the records found, a floor of the true number: it reads
  "at least 123" / "至少 123"; a *published* `at_least` figure reads "more than 120" / "逾 120",
  the report's own wording for a rounded floor;
- dates read "31 December 2023" in English and "2023 年 12 月 31 日" in Chinese.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = ("zh", "en")
LOCALES = {"en": "en", "zh": "zh_Hans_CN"}
DATE_PATTERNS = {"en": "d MMMM y", "zh": "y 年 M 月 d 日"}
DECIMALS = {"percent_2dp": 2}


def number(value: int | Decimal | str, lang: str, decimals: int = 0) -> str:
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(Decimal(str(value)), format=pattern, locale=LOCALES[lang])


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, AttributeError):
        return None


def figure(kind: str, value: str | None, lang: str) -> str:
    """A computed figure (facts_and_figures.value) as the report writes it; "—" when not computed."""
    n = _decimal(value)
    if n is None or kind == "list":
        return value if value else "—"
    text = number(n, lang, DECIMALS.get(kind, 0))
    if kind.startswith("percent"):
        return f"{text}%" if lang == "zh" else f"{text} per cent"
    if kind == "at_least":
        return f"至少 {text}" if lang == "zh" else f"at least {text}"
    return text


def published(kind: str, value: str | None, lang: str) -> str:
    """A published figure (stg_published_figures.published) as the report wrote it."""
    n = _decimal(value)
    if n is None or kind == "list":
        return value or "—"
    if kind == "at_least":
        text = number(n, lang)
        return f"逾 {text}" if lang == "zh" else f"more than {text}"
    return figure(kind, value, lang)


def day(value: date | None, lang: str) -> str:
    return format_date(value, format=DATE_PATTERNS[lang], locale=LOCALES[lang]) if value else "—"
