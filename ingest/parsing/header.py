"""The document header printed above the body: symbol, date, session, agenda item, original
language, title and summary."""

import datetime
import re

from ingest.pages import is_footnote_separator
from ingest.parsing.lines import (
    _MARKED_FOOTNOTE,
    _NOISE,
    _SESSION,
    _SUPERSCRIPTS,
    _SYMBOL,
    _TRAILING_MARKERS,
    _join,
    _markers,
)

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(_MONTHS)

_AGENDA = re.compile(
    r"^(?:临时议程\*?\s*)?(?:议程项目|项目|Agenda item|Item)\s*(\d{1,3})(?:\s*[(（]\s*([a-z])\s*[)）])?"
)
_REPORT_KIND = re.compile(
    r"^(?:秘书长|秘书处)的(?:报告|说明)$|^(?:Report|Note) (?:of|by) the (?:Secretary-General|Secretariat)$"
)
_SUMMARY = re.compile(r"^(?:摘要|Summary)$")
_RESOLUTION = re.compile(r"^(\d{1,3}/\d{1,4})\s*[.．]\s*(\S.*)$")
_ORIGINAL = re.compile(r"(?:Original:|原文[:：])\s*(\w+)")
# The six official languages, as an English or a Chinese header names them.
_LANGUAGE_CODES = {
    "arabic": "ar",
    "chinese": "zh",
    "english": "en",
    "french": "fr",
    "russian": "ru",
    "spanish": "es",
    "阿拉伯文": "ar",
    "中文": "zh",
    "英文": "en",
    "法文": "fr",
    "俄文": "ru",
    "西班牙文": "es",
}
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EN_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"(\d{{4}})\s*年\s*\d{{1,2}}\s*月|\b(?:{_MONTH})\s+(\d{{4}})\b")


class _Header:
    """The fields printed above the body: session, agenda item, title, date, summary."""

    def __init__(self, lines: list[str]) -> None:
        self.session = self.agenda_item = self.resolution = self.symbol_line = self.original_language = ""
        self.title = ""
        self.title_markers: set[str] = set()
        self.footnotes: set[str] = set()
        self.date: datetime.date | None = None
        candidates: list[str] = []  # header lines that may be a title, wrapped lines joined
        summary: list[str] = []
        report_kind_at = agenda_at = None
        in_summary, block_start = False, True
        in_footnote = False  # a footnote's wrapped lines belong to it until a blank line
        for line in lines:
            if not line or is_footnote_separator(line):
                block_start = True
                continue
            continued, block_start = not block_start, False
            if footnote := _MARKED_FOOTNOTE.match(line):
                self.footnotes.add(_markers(footnote.group(1)))
                in_footnote = True
                continue
            if continued and in_footnote:
                continue
            in_footnote = False
            if (session := _SESSION.match(line)) and not self.session:
                self.session = session.group()
            elif agenda := _AGENDA.match(line):
                self.agenda_item = (
                    f"{agenda.group(1)} ({agenda.group(2)})" if agenda.group(2) else agenda.group(1)
                )
                agenda_at = len(candidates)
            elif resolution := _RESOLUTION.match(line):
                self.resolution, self.title = resolution.group(1), resolution.group(2)
            elif _REPORT_KIND.match(line):
                report_kind_at = len(candidates)
            elif _SUMMARY.match(line):
                in_summary = True
            elif _NOISE.match(line):
                if (found := re.search(_SYMBOL, line)) and not self.symbol_line:
                    self.symbol_line = found.group()
                if original := _ORIGINAL.search(line):
                    self.original_language = _LANGUAGE_CODES.get(original.group(1).lower(), "")
            elif line.startswith("[") and line.endswith("]"):
                pass  # "[根据第二委员会的报告(A/76/537/Add.2, 第 8 段)通过]"
            elif in_summary:
                summary.append(_join(summary.pop(), line) if continued and summary else line)
            elif (date := _date_in(line)) and len(line) <= 80:
                self.date = self.date or date
            else:
                candidates.append(_join(candidates.pop(), line) if continued and candidates else line)
        self.summary = "\n".join(summary)
        if not self.title:
            self.title = _pick_title(candidates, report_kind_at=report_kind_at, agenda_at=agenda_at)
        if marker := _TRAILING_MARKERS.search(self.title):
            self.title_markers = {_markers(m) for m in re.findall(rf"[{_SUPERSCRIPTS}]+|\*+", marker.group())}
            self.title = self.title[: marker.start()].rstrip()


def _pick_title(candidates: list[str], *, report_kind_at: int | None, agenda_at: int | None) -> str:
    # The title sits just above "秘书长的报告"; without that line it follows the agenda item's own title.
    if report_kind_at:
        return candidates[report_kind_at - 1]
    if agenda_at is not None and len(candidates) > agenda_at:
        after = candidates[agenda_at:]
        return after[1] if len(after) > 1 else after[0]
    return candidates[0] if candidates else ""


def _is_date_line(line: str) -> bool:
    return bool(_ZH_DATE.fullmatch(line) or _EN_DATE.fullmatch(line))


def _date_in(line: str) -> datetime.date | None:
    if zh := _ZH_DATE.search(line):
        year, month, day = (int(g) for g in zh.groups())
    elif en := _EN_DATE.search(line):
        year, month, day = int(en.group(3)), _MONTHS.index(en.group(2)) + 1, int(en.group(1))
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
