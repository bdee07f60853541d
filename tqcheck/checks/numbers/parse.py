"""Numbers, dates and times in running text, as comparable values with their spans.

`extract(text, lang)` finds what a careful reader would count as a number in `text` and
returns `Number`s: half-open code-point spans plus a set of `keys`, the values the number
may stand for. Two numbers correspond when their key sets intersect, so the comparison is by
value, never by string: `2,000` (en) = `2.000` (de) = `2 000` (fr) = `٢٬٠٠٠` = `两千`;
`3 million` = `300万` = `3 Mio.`; `1 p.m.` = `13:00` = `下午1点`.

Two passes, because most segments need only the first:

* `extract` (digits): digit groups with their separators, read by the language's convention
  and by group shape; scale words (million, Mio., млн, 万, 亿); dates, times, decades,
  ordinals, percentages. Numbers that are really names or codes (`COVID-19`, `G7`, `4G`,
  `24/7`, list numbering, phone numbers) come back *soft*: they can match but are never
  reported on their own.
* `extract_words` (spelled-out numbers, Han numerals, Roman numerals, month names not
  next to a number): always soft. `align` runs it only for segments where a digit on the
  other side is still unmatched.

`align(source, target, src_lang, tgt_lang)` compares the two sides and classifies what does
not correspond; `tqcheck.checks.numbers` turns that into findings. Both are cached, so the
several checks of one segment parse each text once.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from tqcheck.checks.numbers import words as W
from tqcheck.lang.patterns import lazy_re

Key = tuple[str, float | str]

# ---------------------------------------------------------------------------------------------
# Data


@dataclass(frozen=True, slots=True)
class Number:
    """One number, date part, time or month in a text.

    `value` is the reading a native reader of the text's language would make (minutes after
    midnight for a time, 1-12 for a month). `keys` are all the values it may stand for;
    `alt` the reading under the *other* separator convention (`2.000` in an English text
    reads 2, but the writer may have meant 2000). `strong` numbers are reported when they
    have no counterpart; soft ones (spelled-out words, codes, list numbering) only match.
    """

    start: int
    end: int
    text: str
    value: float
    kind: str = "number"
    keys: frozenset[Key] = frozenset()
    alt: frozenset[Key] = frozenset()
    strong: bool = True
    scale: float = 1.0
    pairable: bool = True
    parts: frozenset[Key] = frozenset()
    metric: tuple[float, ...] = ()

    @property
    def mantissa(self) -> float:
        return norm(self.value / self.scale)


@dataclass(frozen=True, slots=True)
class Alignment:
    """How the numbers of a source and a target correspond; only the mismatches are kept."""

    missing: tuple[Number, ...] = ()                      # source numbers absent from the target
    extra: tuple[Number, ...] = ()                        # target numbers absent from the source
    changed: tuple[tuple[Number, Number], ...] = ()       # (source, target) near pairs
    separator: tuple[tuple[Number, Number], ...] = ()     # (source, target) matched only when misread
    months: tuple[tuple[Number, Number], ...] = ()        # (source, target) months that differ


EMPTY = Alignment()


def norm(value: float) -> float:
    """A float rounded to 12 significant digits so 3.3 * 1e6 equals 3300000."""
    return float(f"{value:.12g}")


def nkey(value: float) -> Key:
    return ("n", norm(value))


# ---------------------------------------------------------------------------------------------
# Regular expressions (compiled once; per-language ones through lru_cache)

_HAS_DIGIT = lazy_re(r"\d")
_SPACES = " \u00a0\u202f\u2009"
_GROUPING_MARKS = str.maketrans("", "", _SPACES + "'’")
_CURRENCY = W.CURRENCY_SYMBOLS
_AMPM = r"(?:[ap]\.\s?m\.|[ap]\.m\b|[ap]m\b|[AP]\.M\.|[AP]M\b)"


def _number_token(space_grouping: bool) -> str:
    # A plain space groups thousands where the language does it; elsewhere only before "0dd"
    # ("2 000" in an English text), so "On May 5 300 people" stays two numbers.
    sep = r"[.,\u066b\u066c\u30fb\uff65]|['’\u00a0\u202f\u2009](?=\d{3}(?!\d))"
    sep += r"| (?=\d{3}(?!\d))" if space_grouping else r"| (?=0\d{2}(?!\d))"
    return rf"\d+(?:(?:{sep})\d+)*"


def _master(space_grouping: bool, dot_dates: bool) -> re.Pattern[str]:
    parts = [
        r"(?P<iso>\d{4})(?P<isep>[-/.])(?P<imo>\d{1,2})(?P=isep)(?P<iday>\d{1,2})(?![\d])",
        r"(?P<da>\d{1,2})(?P<dsep>[./-])(?P<db>\d{1,2})(?P=dsep)(?P<dy>\d{4}|\d{2})(?![\d]|[.,]\d)",
    ]
    if dot_dates:
        parts.append(r"(?P<ddd>\d{1,2})\.[ \u00a0]?(?P<ddm>\d{1,2})\."
                     r"(?:[ \u00a0]?(?P<ddy>\d{4})(?!\d)|(?![\d]|[.,]\d))")
    parts += [
        rf"(?P<th>\d{{1,2}})[:：](?P<tm>[0-5]\d)(?![\d])(?:[:：](?P<ts>[0-5]\d)(?!\d))?(?:\s?(?P<tap>{_AMPM}))?",
        r"(?P<fh>\d{1,2}) ?h ?(?P<fm>[0-5]\d)(?!\d)",
        rf"(?P<dh>\d{{1,2}})\.(?P<dm>[0-5]\d)(?![\d])\s?(?:(?P<dap>{_AMPM})|(?=Uhr\b|h\b|hod|ч\b))",
        rf"(?P<ah>\d{{1,2}})\s?(?P<aap>{_AMPM})",
        r"(?P<uh>\d{1,2})(?:\s?(?:Uhr|h|heures?|hodin|hod\.|час(?:а|ов)?|ч\.)(?![\w])|-00(?![\d]))",
        r"(?P<ch>\d{1,2})\s?[点點時时](?![間间代期候区])(?:\s?(?P<cm>\d{1,2})\s?分|(?P<chalf>半))?",
        r"(?P<num>" + _number_token(space_grouping) + ")",
    ]
    return re.compile("|".join(parts))


@lru_cache(maxsize=64)
def _plain_token(lang: str) -> re.Pattern[str]:
    return re.compile(_number_token(lang not in W.NO_SPACE_GROUPING))


@lru_cache(maxsize=64)
def _master_for(lang: str) -> re.Pattern[str]:
    return _master(lang not in W.NO_SPACE_GROUPING, lang in W.DOT_DATES)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=64)
def _scale_table(lang: str) -> dict[str, float]:
    table = dict(W.SCALE_WORDS)
    table.update(W.SCALE_OVERRIDES.get(lang, {}))
    if lang in ("cs", "sk"):
        table["mil."] = 1e6
    return table


@lru_cache(maxsize=64)
def _scale_re(lang: str) -> re.Pattern[str]:
    return re.compile(r"[ \u00a0\u202f]?(?P<w>" + _alternation(_scale_table(lang)) + r")(?![\w])", re.I)


_PERCENT_WORDS = _alternation(w for w in W.PERCENT_WORDS if w.isalpha() or " " in w)
_PERCENT = lazy_re(r"[ \u00a0\u202f]?(?:[%％٪‰]|(?:" + _PERCENT_WORDS + r")(?![\w]))", re.I)
_CJK_SCALE = lazy_re(r"\s?([万萬亿億千百兆]+)")
_CJK_TAIL = lazy_re(r"(\d[\d,，]*)([万萬亿億千百十]*)")
_CJK_MONTH = lazy_re(r"\s?月")
# "And a half" after a number: ６年半 (6.5 years), 1个半小时 (1.5 hours, with the classifier 个), 1分半 (1.5 minutes).
_CJK_HALF = lazy_re(r"\s?[个個]?(?:年|時間|か月|ヶ月|カ月|个月|個月|小时|小時|倍|万|萬|キロ|公里|分|天|周|週|公斤)?"
                       r"半")
_PLAIN_AFTER = frozenset(",;:!?)]}」』）、。，．")
_DOTTED_PAIR = lazy_re(r"\d{1,2}\.\d\d")
_ROUND_THE_CLOCK = lazy_re(r"24\s?(?:時間|小时|小時|h|/7)\W?$")
_IMPERIAL = lazy_re(r"(?:[ \u00a0-]|(?=[°F]))(?P<u>" + _alternation(W.IMPERIAL) + r")(?![\w])"
                       r"|(?P<s>['′\"″])")
_INCHES = lazy_re(r"[ -]?(\d{1,2})(?:[ -]?(?:inches|inch|in\b|[\"″]|''))?")
_MIXED_FRACTION = lazy_re(r" (\d)/(\d{1,2})(?!\d)")
_HALF = lazy_re(r"(?:\s+and\s+a\s+half\b|\s?½|\s+und\s+ein\s+halb|\s+с\s+половиной|\s+et\s+demi)", re.I)
_CJK_YEAR = lazy_re(r"\s?年")
_CJK_NOT_SCALE = lazy_re(r"[米克瓦卡字赫帕伏焦分]")
_CURRENCY_LETTER = lazy_re(r"(bn|tn|[kmbt])(?![\w])")
_ORDINAL = lazy_re(r"(?:st|nd|rd|th|er|ère|ème|eme|e|º|ª)(?![\w])", re.I)
_DECADE = lazy_re(r"(?:s|'s|’s|er|ern|-е|-х|-х годов|-ых|-ies|-ті|-тих|-tých|\s?年代)(?![\w])")
_RANGE_GAP = lazy_re(r"\s*(?:[-–—~〜～至到]|to|bis|à|a|до|až|и|and|und|y|et|و|ו-?|ל-)\s*$")
_LIST_START = lazy_re(r"\s*\(?\d{1,2}[.)]\s")
_PHONE = lazy_re(r"(?<![\w+])(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,}"
                    r"|\(\d{2,4}\) ?\d{3,4}[ .-]?\d{3,4}|\d{3}-\d{3}-\d{4})(?!\d)")
# URLs, e-mail addresses, handles, hashtags (not a number sign: `#30あたり`) and printf positions (`%2$d`).
_URLISH = lazy_re(r"\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+"
                     r"|#(?!\d+[^\x00-\x7f])\w*[^\W\d_]\w*|%\d+\$")
_HYPHEN_PREFIXES = frozenset({"mid", "pre", "post", "late", "early", "over", "under", "top", "the", "ca",
                              "ab", "bis", "von", "nach", "über", "unter", "до", "после", "середины",
                              "конца"})
_YEAR_PREFIXES = ("FY", "CY", "AD", "BC")  # FY2023 is a year, not a code
# Units written in capitals right after the digits: `600Mbit/s`, `16GB`, `2,4GHz`, `50MW` are
# quantities, not codes like `G7` or `4G`.
_GLUED_UNIT = lazy_re(r"[KMGT](?:B|b|bit|bps|Hz|W|Wh|iB)(?![A-Za-z])|W(?:h)?(?![A-Za-z])|V(?![A-Za-z])")
_CJK_AM = ("上午", "早上", "凌晨", "午前", "清晨")
_CJK_PM = ("下午", "晚上", "中午", "傍晚", "午後", "夜间", "夜晚")
_NOT_MONTH_BEFORE = "个個かヶカケ"


@lru_cache(maxsize=64)
def _month_re(lang: str) -> re.Pattern[str] | None:
    table = W.MONTHS.get(lang)
    if not table:
        return None
    flags = 0 if lang == "en" else re.I
    return re.compile(r"(?<![\w])(?P<w>" + _alternation(table) + r")(?:\.(?=\s))?(?![\w])", flags)


def _month_value(lang: str, word: str) -> int:
    table = W.MONTHS[lang]
    return table.get(word) or table.get(word.lower()) or table.get(word.lower() + ".", 0)


# ---------------------------------------------------------------------------------------------
# Reading digit groups


def decimal_mark(lang: str) -> str | None:
    """`,` or `.` for languages with a settled convention, None where group shape decides."""
    if lang in W.DECIMAL_COMMA:
        return ","
    if lang in W.DECIMAL_POINT:
        return "."
    return None


def _digits(group: str) -> int:
    return int(group)  # int() reads every Unicode decimal digit (Arabic-Indic, Persian, full-width)


def _decimal(whole: str, frac: str) -> float:
    return norm(_digits(whole or "0") + _digits(frac) / 10 ** len(frac))


def read_plain(token: str, lang: str) -> tuple[float, float | None, bool] | None:
    """(value, other reading, whether the other reading is the foreign convention) of a token
    made of digits and `.,'’٫٬` only; None when it is not one number (a version, an IP address).
    """
    token = token.translate(_GROUPING_MARKS).replace("\u30fb", ".").replace("\uff65", ".")  # ２・５ = 2.5
    if "\u066b" in token:  # Arabic decimal separator: everything else groups
        whole, _, frac = token.partition("\u066b")
        whole = re.sub(r"[.,\u066c]", "", whole)
        return (_decimal(whole, frac), None, False) if frac.isdecimal() and whole.isdecimal() else None
    token = token.replace("\u066c", "")
    has_dot, has_comma = "." in token, "," in token
    if not has_dot and not has_comma:
        return float(_digits(token)), None, False
    if has_dot and has_comma:
        last = "." if token.rfind(".") > token.rfind(",") else ","
        other = "," if last == "." else "."
        whole, _, frac = token.rpartition(last)
        if last in whole or not _grouped(whole.split(other)):
            return None
        return _decimal(whole.replace(other, ""), frac), None, False
    mark = "." if has_dot else ","
    groups = token.split(mark)
    if len(groups) > 2:
        return (float(_digits("".join(groups))), None, False) if _grouped(groups) else None
    whole, frac = groups
    if len(frac) != 3 or not whole or whole == "0" or (whole.startswith("0") and len(whole) > 1):
        return _decimal(whole, frac), None, False
    as_decimal = _decimal(whole, frac)
    as_group = float(_digits(whole + frac))
    native = decimal_mark(lang)
    if native == mark:
        return as_decimal, as_group, True
    if native is None:
        return as_group, as_decimal, False
    return as_group, as_decimal, True


def _grouped(groups: Sequence[str]) -> bool:
    """Thousands grouping: a first group of 1-3 digits, then groups of 3 (Indian 2s allowed inside)."""
    if not groups or not 1 <= len(groups[0]) <= 3 or len(groups[-1]) != 3:
        return False
    return all(len(group) in (2, 3) for group in groups[1:-1])


def _split_spaces(token: str) -> list[tuple[int, int]]:
    """Relative spans of the numbers in a token that may group thousands with spaces."""
    chunks: list[tuple[int, int]] = []
    start = 0
    for index, char in enumerate(token):
        if char in _SPACES:
            chunks.append((start, index))
            start = index + 1
    chunks.append((start, len(token)))
    if len(chunks) == 1:
        return chunks
    first = token[chunks[0][0]:chunks[0][1]]
    middle = [token[a:b] for a, b in chunks[1:-1]]
    last = token[chunks[-1][0]:chunks[-1][1]]
    if (first.isdecimal() and 1 <= len(first) <= 3 and all(len(m) == 3 and m.isdecimal() for m in middle)
            and re.fullmatch(r"\d{3}(?:[.,\u066b]\d+)?", last)):
        return [(0, len(token))]
    return chunks


# ---------------------------------------------------------------------------------------------
# Pass 1: digits


_LONGEST_NUMBER = 100  # characters; longer digit tokens overflow float (and int() past 4300 digits)


@lru_cache(maxsize=2048)
def extract(text: str, lang: str) -> tuple[Number, ...]:
    """Every digit-based number, date part and time in `text`, in order."""
    if not _HAS_DIGIT.search(text):
        return ()
    blocked = _blocked_spans(text)
    found: list[Number] = []
    phones = [m.span() for m in _PHONE.finditer(text)] if len(text) > 9 else []
    for start, end in phones:
        digits = re.sub(r"\D", "", text[start:end])
        found.append(Number(start, end, text[start:end], float(digits), "id", frozenset({("i", digits)}),
                            strong=False, pairable=False))
    blocked += phones
    master = _master_for(lang)
    position = 0
    while True:
        digit = _HAS_DIGIT.search(text, position)
        if digit is None:
            break
        match = master.match(text, digit.start())
        if match is None:  # a digit no alternative accepts (cannot happen: the last one is \d+)
            position = digit.end()
            continue
        position = match.end()
        if blocked and any(a <= match.start() < b for a, b in blocked):
            continue
        if match.end() - match.start() > _LONGEST_NUMBER:  # a digit run no float can hold: not a quantity
            continue
        if match.lastgroup == "num":
            numbers, position = _read_number(text, match.start(), match.end(), lang)
            found.extend(numbers)
        elif match.group("iso") or match.group("da") or match.groupdict().get("ddd"):
            dates = _read_date(match, text)
            if dates is None:  # 5.80. is odds, not a date: read it as numbers
                token = _plain_token(lang).match(text, match.start())
                assert token is not None
                numbers, position = _read_number(text, token.start(), token.end(), lang)
                found.extend(numbers)
            else:
                found.extend(dates)
        else:
            found.append(_read_time(match, text))
    found.sort(key=lambda number: number.start)
    found = _link_ranges(text, found)
    months = _months_next_to_numbers(text, lang, found)
    if months:
        found = sorted(found + months, key=lambda number: number.start)
    return tuple(found)


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    if "@" not in text and "#" not in text and "www." not in text and "://" not in text and "$" not in text:
        return []
    return [match.span() for match in _URLISH.finditer(text)]


def _read_date(match: re.Match[str], text: str) -> list[Number] | None:
    groups = match.groupdict()
    if groups.get("iso"):
        parts = [("iso", "year"), ("imo", "month"), ("iday", "day")]
    elif groups.get("da") is not None:
        parts = [("da", "dm"), ("db", "dm"), ("dy", "year")]
    elif groups.get("ddy"):
        parts = [("ddd", "day"), ("ddm", "month"), ("ddy", "year")]
    else:
        parts = [("ddd", "day"), ("ddm", "month")]
    numbers = []
    values = [int(match.group(name)) for name, _ in parts]
    if groups.get("da") is not None and not (1 <= min(values[:2]) <= 12 and max(values[:2]) <= 31):
        return None
    if groups.get("ddd") is not None and not (1 <= values[0] <= 31 and 1 <= values[1] <= 12):
        return None
    if groups.get("iso") and not (1 <= values[1] <= 12 and 1 <= values[2] <= 31):
        return None
    if groups.get("da") is not None and max(values[:2]) > 12:  # 24/6/2024 or 6/24/2024
        parts = [(name, "day" if value > 12 else "month") if role == "dm" else (name, role)
                 for (name, role), value in zip(parts, values, strict=True)]
    for (name, role), value in zip(parts, values, strict=True):
        keys: set[Key] = {nkey(value)}
        if role in ("month", "dm", "day") and 1 <= value <= 12:
            keys.add(("m", float(value)))
        if role == "year" and len(match.group(name)) == 2:
            keys.add(nkey(2000 + value if value < 50 else 1900 + value))
        kind = {"year": "year", "month": "month"}.get(role, "date")
        numbers.append(Number(match.start(name), match.end(name), match.group(name), float(value), kind,
                              frozenset(keys)))
    return numbers


def _simple(start: int, end: int, text: str, value: float) -> Number:
    return Number(start, end, text[start:end], float(value), "number", frozenset({nkey(value)}),
                  strong=value != 1)


def _time_keys(hour: int, minute: int, meridiem: str | None) -> frozenset[Key]:
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    keys: set[Key] = {("t", float((hour * 60 + minute) % 720))}
    if minute == 0:
        keys |= {nkey(hour), nkey(hour % 12 or 12)}
    return frozenset(keys)


def _read_time(match: re.Match[str], text: str) -> Number:
    groups = match.groupdict()
    start, end = match.start(), match.end()
    minute = 0
    meridiem: str | None = None
    if groups.get("th") is not None:
        hour, minute, marker = int(groups["th"]), int(groups["tm"]), groups.get("tap")
    elif groups.get("fh") is not None:
        hour, minute, marker = int(groups["fh"]), int(groups["fm"]), None
    elif groups.get("dh") is not None:
        hour, minute, marker = int(groups["dh"]), int(groups["dm"]), groups.get("dap")
    elif groups.get("ah") is not None:
        hour, marker = int(groups["ah"]), groups.get("aap")
    elif groups.get("uh") is not None:
        hour, marker = int(groups["uh"]), None
    else:
        hour, marker = int(groups["ch"]), None
        if groups.get("cm"):
            minute = int(groups["cm"])
        elif groups.get("chalf"):
            minute = 30
        before = text[max(0, start - 2):start]
        if before in _CJK_PM or text[start - 1:start] == "夜":
            meridiem, start = "pm", start - len(before if before in _CJK_PM else "夜")
        elif before in _CJK_AM or text[start - 1:start] == "朝":
            meridiem, start = "am", start - len(before if before in _CJK_AM else "朝")
    if marker:
        meridiem = "pm" if marker.lower().startswith("p") else "am"
    if hour > 24 or minute > 59:
        return _simple(match.start(), match.start() + len(str(hour)), text, hour)
    # With seconds it may be a duration (a marathon time, 2:09:15), which the other side may spell out
    # (2小时09分15秒, 2 hours 9 minutes 15 seconds): its parts match those numbers.
    seconds = groups.get("ts")
    parts = frozenset({nkey(hour), nkey(minute), nkey(int(seconds))}) if seconds else frozenset()
    return Number(start, end, text[start:end].rstrip(), float(hour * 60 + minute), "time",
                  _time_keys(hour, minute, meridiem), parts=parts)


def _read_number(text: str, start: int, end: int, lang: str) -> tuple[list[Number], int]:
    """Numbers in the digit token text[start:end], with what follows (scale, %, suffix) read too."""
    token = text[start:end]
    pieces = _split_spaces(token) if any(c in _SPACES for c in token) else [(0, len(token))]
    numbers: list[Number] = []
    position = end
    for a, b in pieces:
        s, e = start + a, start + b
        read = read_plain(text[s:e], lang)
        if read is None:  # a version or address: soft, one key per part
            for part in re.finditer(r"\d+", text[s:e]):
                numbers.append(Number(s + part.start(), s + part.end(), part.group(), float(part.group()),
                                      "code", frozenset({nkey(int(part.group()))}), strong=False,
                                      pairable=False))
            continue
        number, position = _qualify(text, s, e, read, lang)
        if " " in text[s:e]:  # "171 100" may be a phone number the other side writes as 171 100
            parts = frozenset(nkey(int(p)) for p in re.findall(r"\d+", text[s:e]))
            number = _replace(number, parts=parts)
        numbers.append(number)
    return numbers, max(position, end)


def _qualify(text: str, start: int, end: int, read: tuple[float, float | None, bool],
             lang: str) -> tuple[Number, int]:
    """Turn a read digit token into a Number by looking around it: codes, scale, %, suffixes, units."""
    value, other, foreign = read
    token = text[start:end]
    after = text[end] if end < len(text) else ""
    number = _Draft(start=start, end=end, value=value)
    _classify_context(number, text, token, lang)
    if number.kind != "code" and after and after not in _PLAIN_AFTER:
        _read_scale(number, text, lang)
        if number.scale != 1.0:
            number.value = norm(number.value * number.scale)
            if other is not None:
                other = norm(other * number.scale)
        _read_suffix(number, text, token, lang)
    number.keys.add(nkey(number.value))
    if start >= 2 and text[start - 2:start] in W.JA_ERAS:  # 令和5年 = 2023, 昭和２ = 1927
        number.keys.add(nkey(W.JA_ERAS[text[start - 2:start]] + number.value))
    elif len(token) == 2 and after == "年" and number.scale == 1.0:  # 20年ドラ4: the 2020 draft (or 20 years)
        number.keys |= {nkey(1900 + number.value), nkey(2000 + number.value)}
    if other is not None:
        (number.alt if foreign else number.keys).add(nkey(other))
    if number.kind != "code" and "." in token and number.scale == 1.0 and _DOTTED_PAIR.fullmatch(token):
        first, second = (int(part) for part in token.split("."))
        if first <= 24 and second < 60:  # 13.30: a time
            number.keys.add(("t", float((first * 60 + second) % 720)))
        if 1 <= first <= 31 and 1 <= second <= 12:  # 10.02: a day and month
            number.keys |= {nkey(first), nkey(second), ("m", float(second))}
    if start and text[start - 1] in _CURRENCY:  # the symbol joins the span: $5, €3.5bn
        number.span_start = start - 1
    if number.value in (0, 1) and number.scale == 1.0 and number.kind not in ("month", "time"):
        number.strong = False  # 1 = one = a; 0 = no, free, none
    return number.freeze(text), number.position


@dataclass(slots=True)
class _Draft:
    """A Number being read; `_qualify`'s helpers fill it in."""

    start: int
    end: int
    value: float
    kind: str = "number"
    strong: bool = True
    pairable: bool = True
    scale: float = 1.0
    keys: set[Key] = dataclasses.field(default_factory=set)
    alt: set[Key] = dataclasses.field(default_factory=set)
    metric: tuple[float, ...] = ()
    span_start: int = -1
    position: int = -1

    def __post_init__(self) -> None:
        self.span_start = self.start
        self.position = self.end

    def soften(self) -> None:
        self.strong = self.pairable = False

    def freeze(self, text: str) -> Number:
        return Number(self.span_start, self.position, text[self.span_start:self.position], self.value,
                      self.kind, frozenset(self.keys), frozenset(self.alt), self.strong, self.scale,
                      self.pairable, metric=self.metric)


def _classify_context(number: _Draft, text: str, token: str, lang: str) -> None:
    """Codes and names (G7, F-16, COVID-19, 4G), fractions, list numbering, footnotes, '90s."""
    start, end, value = number.start, number.end, number.value
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and text[max(0, start - 2):start] in _YEAR_PREFIXES:
        number.kind = "year"
    elif before and ((_is_letter(before) and not _attached_prefix(_word_before(text, start)))
                     or (before in "-‐\u05be" and start >= 2 and _is_letter(text[start - 2])
                         and not _hyphen_prefix(_word_before(text, start - 1)))):
        number.kind = "code"
        number.soften()
    elif after and after.isalpha() and after.isupper() and after.isascii() and not _GLUED_UNIT.match(text, end):
        number.kind = "code"
        number.soften()
    elif before and before in "'’" and len(token) == 2:  # '90s, '22
        number.kind, number.strong = "year", False
        number.keys |= {nkey(1900 + value), nkey(2000 + value)}
    if (before == "/" and start >= 2 and text[start - 2].isdecimal()) or \
            (after == "/" and text[end + 1:end + 2].isdecimal()):
        number.soften()  # 24/7, 9/11, 1/3, 5/11: fractions, dates, scores
        if 1 <= value <= 12:
            number.keys.add(("m", value))
    if start == 0 or not text[:start].strip():
        listed = _LIST_START.match(text, 0)
        month = _month_re(lang)
        if listed and value < 100 and not (month and month.match(text, listed.end())):
            number.soften()  # list numbering: "1. Introduction"
    if before == "[" and after == "]":
        number.soften()  # footnote [1]


def _read_scale(number: _Draft, text: str, lang: str) -> None:
    """Scale words: 3 million, 3 Mio., 3 млн, 3 مليون; $5m, 1.2k; 300万, 1.5亿, 3千万, 1万2000."""
    start, end = number.start, number.end
    after = text[end]
    scale_match = _scale_re(lang).match(text, end) if after in _SPACES or after.isalpha() else None
    if scale_match:
        word = scale_match.group("w")
        table = _scale_table(lang)
        number.scale = table.get(word.lower(), table.get(word, 1.0))
        number.position = scale_match.end()
        return
    cjk = _CJK_SCALE.match(text, end) if lang != "ko" else None
    if cjk:
        chars = cjk.group(1)
        following = text[cjk.end():cjk.end() + 1]
        if chars[-1] in "千百" and following and _CJK_NOT_SCALE.match(following):
            return  # 3千米 is 3 km
        if "兆" in chars and lang != "ja":
            return  # 兆 is "mega" in Chinese
        number.scale = math.prod(W.CJK_SCALES_JA.get(c, 1.0) for c in chars)
        number.position = cjk.end()
        if number.scale >= 1e4:  # 1万8千257, 1億2,650万, 5億4千万: add the smaller groups
            total, position = _cjk_tail(text, cjk.end(), number.value * number.scale, number.scale)
            if position > cjk.end():
                number.value, number.position = total / number.scale, position
        return
    if after.lower() in "kmbt":
        letter = _CURRENCY_LETTER.match(text, end)
        currency = (start and text[start - 1] in _CURRENCY) or text[max(0, start - 3):start].endswith("US$")
        if letter and (currency or letter.group(1) in ("bn", "k")):
            number.scale = W.CURRENCY_SCALE_LETTERS[letter.group(1)]
            number.position = letter.end()
        elif letter and letter.group(1) == "m":
            number.keys.add(nkey(number.value * 1e6))  # 5m: metres or millions


def _read_suffix(number: _Draft, text: str, token: str, lang: str) -> None:
    """What follows says what the number is: %, ordinal, decade, 6月, ２２年, 3 1/2, imperial units."""
    start, end, value = number.start, number.end, number.value
    after = text[end]
    before = text[start - 1] if start else ""
    percent = _PERCENT.match(text, number.position)
    decade = _DECADE.match(text, end)
    if percent:
        number.kind, number.position = "percent", percent.end()
    elif after.isalpha() and "." not in token and _ORDINAL.match(text, end):
        number.kind = "ordinal"
        if text[end:end + 8].lower() in ("rd party", "rd-party"):
            number.soften()  # 3rd-party app
    elif number.scale == 1.0 and 1 <= value <= 12 and _CJK_MONTH.match(text, end):
        number.kind = "month"
        number.keys.add(("m", value))
        number.position = _CJK_MONTH.match(text, end).end()  # type: ignore[union-attr]
    elif decade and value % 10 == 0 and len(token) in (2, 4):
        number.kind = "decade"
        number.keys.add(nkey(value % 100))  # `1920s` is also "the twenties", `20年代`
        if len(token) == 2:  # `20s`: either century
            number.keys |= {nkey(1900 + value % 100), nkey(2000 + value % 100)}
            number.strong = False
    if _CJK_HALF.match(text, number.position):
        number.keys.add(nkey(value + 0.5))  # ６年半 = 6.5 years
    if after in "年 \u3000" and len(token) == 2 and _CJK_YEAR.match(text, end):
        number.keys |= {nkey(1900 + value), nkey(2000 + value)}  # ２２年 (2022), 98年 (1998)
    elif after == "代" and lang in ("ja", "zh", ""):
        number.soften()  # 10代 = teens, 20代 = twenties
    elif after == "割" and lang in ("ja", ""):
        number.keys.add(nkey(value * 10))  # ５割 = 50%
    elif text[end:end + 2] == "分の" or (before == "の" and text[max(0, start - 2):start] == "分の"):
        number.soften()  # ２分の１ = 1/2
    if number.scale != 1.0:
        return
    fraction = _MIXED_FRACTION.match(text, number.position)
    if fraction and int(fraction.group(2)) > int(fraction.group(1)) > 0:
        number.keys.add(nkey(value + int(fraction.group(1)) / int(fraction.group(2))))  # 3 1/2 = 3.5
        number.position = fraction.end()
    half = _HALF.match(text, number.position)
    if half and value == int(value):
        number.value = value + 0.5
        number.keys.add(nkey(number.value))
        number.position = half.end()
    if value == 365 and _ROUND_THE_CLOCK.search(text, max(0, start - 6), start):
        number.soften()  # 24時間365日 = 24/7
    if number.kind == "number":
        _read_imperial(number, text)


def _read_imperial(number: _Draft, text: str) -> None:
    """Imperial measures: the metric values a translator may have converted them to."""
    unit = _IMPERIAL.match(text, number.position)
    if unit is None or (unit.group("s") and text[unit.end():unit.end() + 1].isalpha()):  # the 90's
        return
    name = unit.group("u") or unit.group("s")
    if name == "F" and unit.start("u") != number.position:
        return
    value = number.value
    position = unit.end()
    if name in ("feet", "foot", "ft", "'", "′"):
        inches = 0.0
        rest = _INCHES.match(text, unit.end())
        if rest:
            inches = float(_digits(rest.group(1)))
            position = rest.end()
            number.keys.add(nkey(inches))  # 5 ft 6 in = 5 футов 6 дюймов
        total = value * 12 + inches
        number.metric = (total * 2.54, total * 0.0254)
    else:
        number.metric = _metric(value, "inches" if name in ('"', "″") else name)
    number.kind, number.strong = "measure", False  # translators convert or drop imperial measures
    number.position = position


def _cjk_tail(text: str, position: int, total: float, last_unit: float) -> tuple[float, int]:
    """Add the lower groups of a Han-scaled number: 1万 + 8千 + 257 = 18257."""
    while True:
        tail = _CJK_TAIL.match(text, position)
        if tail is None:
            return total, position
        unit = math.prod(W.CJK_SCALES.get(c, 1.0) for c in tail.group(2))
        if unit >= last_unit or (unit == 1.0 and text[tail.end():tail.end() + 1] in "年月日点時时号代"):
            return total, position
        digits = tail.group(1).replace(",", "").replace("，", "")
        if not digits.isdecimal():
            return total, position
        total += _digits(digits) * unit
        last_unit, position = unit, tail.end()
        if unit == 1.0:
            return total, position


def _is_letter(char: str) -> bool:
    """A letter of an alphabet (not a Han character or kana, which numbers sit next to)."""
    return char.isalpha() and not ("\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
                                   or "\uac00" <= char <= "\ud7af" or "\uff00" <= char <= "\uffef")


def _hyphen_prefix(word: str) -> bool:
    """A word joined to a number by a hyphen that does not make it a code: `mid-2023`, `до-1990`, and the
    Hebrew one-letter prefixes (ב-7 באוקטובר, ל-4.1%, כ-1,200, וב-2023)."""
    return word.lower() in _HYPHEN_PREFIXES or (len(word) <= 3 and all(char in "בהוכלמש" for char in word))


def _attached_prefix(word: str) -> bool:
    """Arabic one-letter prefixes written onto a number: و20 (and 20), بـ500 (at 500), ل2023 (for 2023)."""
    return 0 < len(word) <= 3 and all(char in "وبلفكـ" for char in word) and word[0] != "ـ"


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:end]


def _link_ranges(text: str, numbers: list[Number]) -> list[Number]:
    """Ranges share what the second member carries: `3-5 million` has 3 million; `2020-24` has 2024."""
    if len(numbers) < 2:
        return numbers
    result = list(numbers)
    for index in range(len(result) - 1):
        first, second = result[index], result[index + 1]
        if first.kind in ("time", "id", "code") or second.kind in ("time", "id", "code"):
            continue
        gap = text[first.end:second.start]
        if len(gap) > 6 or not _RANGE_GAP.match(gap):
            continue
        extra: set[Key] = set()
        if second.scale != 1.0 and first.scale == 1.0:
            extra.add(nkey(first.value * second.scale))
        if second.value >= 1000 > first.value and second.value % 1000 == 0 and \
                first.scale == second.scale == 1.0:
            extra.add(nkey(first.value * 1000))  # 12-15 000
        if second.metric and not first.metric and second.value:
            result[index] = first = _replace(first, kind="measure", strong=False, metric=tuple(
                first.value * m / second.value for m in second.metric))
        if first.value >= 1000 and len(second.text) == 2 and second.text.isdecimal() and first.value % 1 == 0:
            completed = first.value - first.value % 100 + second.value
            result[index + 1] = _with_keys(second, {nkey(completed)})
        if extra:
            result[index] = _with_keys(first, extra)
    return result


def _with_keys(number: Number, keys: set[Key]) -> Number:
    return _replace(number, keys=number.keys | keys)


def _replace(number: Number, **changes: object) -> Number:
    return dataclasses.replace(number, **changes)  # type: ignore[arg-type]


def _months_next_to_numbers(text: str, lang: str, numbers: list[Number]) -> list[Number]:
    """Month names written next to a day or year number ("24 June", "June 2024", "24. Juni").

    Looks only in the few characters around each number, so texts pay per number, not per length.
    """
    patterns = _month_near_re(lang)
    if patterns is None:
        return []
    after_re, before_re = patterns
    months: dict[int, Number] = {}
    for number in numbers:
        if number.kind in ("code", "id", "time", "month"):
            continue
        for match in (after_re.match(text, number.end), before_re.search(text, max(0, number.start - 16),
                                                                           number.start)):
            if match is None or match.start("w") in months:
                continue
            value = _month_value(lang, match.group("w"))
            if value:
                start, end = match.span("w")
                if text[end:end + 2] == ". " and end - start <= 4:
                    end += 1  # Oct., Sept.
                months[start] = Number(start, end, text[start:end], float(value), "month",
                                       frozenset({("m", float(value))}), strong=False)
    return list(months.values())


@lru_cache(maxsize=64)
def _month_near_re(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    table = W.MONTHS.get(lang)
    if not table:
        return None
    flags = 0 if lang == "en" else re.I
    words = _alternation(table)
    after = re.compile(rf"[\s.,]{{0,3}}(?:(?:de|of|del)\s+)?(?:the\s+)?(?P<w>{words})(?![\w])", flags)
    before = re.compile(rf"(?<![\w])(?P<w>{words})\.?[\s,]{{0,3}}(?:(?:de|the)\s+)?$", flags)
    return after, before


# ---------------------------------------------------------------------------------------------
# Pass 2: words, Han numerals, Roman numerals, months (all soft)

# Group 4: 月 (month) or 成 (tenths: 六成 = 60%).
_HAN_NUMERAL = lazy_re(r"(百分之)?(第)?([〇零一二两兩三四五六七八九十百千万萬亿億]+)(月|成)?")
_CIRCLED = lazy_re("[\u2460-\u2473]")  # ① to ⑳
# Hebrew numerals: letters with a gershayim before the last one (תשפ"ג 783, כ"ג 23) or one letter with a
# geresh (ה' 5), the marks often typed as ASCII quotes. Abbreviations look the same (ש"ח), which is
# harmless: these are soft numbers, which only excuse a target number, never require one.
_HEBREW_NUMERAL = lazy_re("(?<![\u05d0-\u05ea])(?:[\u05d0-\u05ea]{1,3}[\"\u05f4][\u05d0-\u05ea]"
                             "|[\u05d0-\u05ea]['\u05f3])(?![\u05d0-\u05ea])")
_HEBREW_MARKS = str.maketrans("", "", "\"'\u05f3\u05f4")  # gershayim and geresh, typed or proper
_HEBREW_VALUES = dict(zip("אבגדהוזחטיכלמנסעפצקרשתךםןףץ",
                          (*range(1, 10), *range(10, 100, 10), 100, 200, 300, 400, 20, 40, 50, 80, 90)))
_HAN_WEEKDAY_BEFORE = ("星期", "礼拜", "禮拜", "周", "週")
# English clock times in words: "a quarter past eight" (8:15), "half past seven", "quarter to nine" (8:45).
_ROUND_THE_CLOCK = lazy_re(r"\b(?:a)?round[- ]the[- ]clock\b", re.I)
_CLOCK_WORDS = lazy_re(r"\b(?:a )?(quarter (?:past|to)|half past) "
                          r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", re.I)
_ROMAN = lazy_re(r"\b(?=[MDCLXVI]{2,}\b)M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}


@lru_cache(maxsize=64)
def _word_re(lang: str) -> re.Pattern[str] | None:
    table = W.NUMBER_WORDS.get(lang)
    if not table:
        return None
    words = list(table)
    if lang == "en":
        words += ["a", "an"]
    prefix = W.WORD_PREFIXES.get(lang, "")
    return re.compile(rf"(?<![\w'’]){prefix}(?P<w>{_alternation(words)})(?![\w'’])", re.I)


@lru_cache(maxsize=64)
def _joiner_re(lang: str) -> re.Pattern[str]:
    connectors = W.CONNECTORS.get(lang, ())
    alternatives = r"[\s\-‐]+" + "".join(rf"|\s+{re.escape(c)}\s+" for c in connectors)
    return re.compile(rf"(?:{alternatives})$")


@lru_cache(maxsize=2048)
def extract_words(text: str, lang: str) -> tuple[Number, ...]:
    """Spelled-out numbers, Han and Roman numerals and month names: soft numbers that only match."""
    found: list[Number] = []
    found += _number_words(text, lang)
    found += _compound_words(text, lang)
    if lang in ("zh", "ja", "yue", "ko") or _has_han(text):
        found += _han_numerals(text, lang)
    for match in _CIRCLED.finditer(text):
        value = ord(match.group()) - 0x245F
        found.append(Number(match.start(), match.end(), match.group(), float(value), "word",
                            frozenset({nkey(value)}), strong=False))
    if lang == "en" and ("past" in text or " to " in text):
        found += _clock_words(text)
    if lang == "en" and "clock" in text:
        for match in _ROUND_THE_CLOCK.finditer(text):  # `24時間`, `24 Stunden`, `круглосуточно`
            found.append(Number(match.start(), match.end(), match.group(), 24.0, "word",
                                frozenset({nkey(24.0)}), strong=False))
    if lang in ("he", "yi") or (not text.isascii() and _HEBREW_NUMERAL.search(text)):
        found += _hebrew_numerals(text)
    if lang in W.ROMAN_SCRIPTS_LANGS:
        for match in _ROMAN.finditer(text):
            value = _roman(match.group())
            if value:
                found.append(Number(match.start(), match.end(), match.group(), float(value), "word",
                                    frozenset({nkey(value)}), strong=False))
    found += month_words(text, lang)
    found.sort(key=lambda number: number.start)
    return tuple(found)


def month_words(text: str, lang: str) -> list[Number]:
    """The month names of `text` (`March`, `Mai`, `апреле`); an ambiguous one (`May`) is not pairable."""
    pattern = _month_re(lang)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        word = match.group("w")
        # "May I", "Jan" the name: they may match a month but never stand for a changed one
        ambiguous = word in W.AMBIGUOUS_MONTHS or word.lower() in W.AMBIGUOUS_MONTHS
        value = _month_value(lang, word)
        if value:
            found.append(Number(match.start(), match.end(), match.group(), float(value), "month",
                                frozenset({("m", float(value))}), strong=False, pairable=not ambiguous))
    return found


def _has_han(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _number_words(text: str, lang: str) -> list[Number]:
    pattern = _word_re(lang)
    if pattern is None:
        return []
    table = W.NUMBER_WORDS[lang]
    joiner = _joiner_re(lang)
    runs: list[list[tuple[int, int, W.Word]]] = []
    for match in pattern.finditer(text):
        word = match.group("w")
        entry = table.get(word) or table.get(word.lower())
        if entry is None:
            entry = (1.0, "a") if word.lower() in ("a", "an") else None
        if entry is None:
            continue
        item = (match.start("w"), match.end(), entry)
        if runs and joiner.match(text, runs[-1][-1][1], match.start()) and \
                match.start() - runs[-1][-1][1] <= 6:
            runs[-1].append(item)
        else:
            runs.append([item])
    numbers = []
    for run in runs:
        # A lone article is not a number ("a million" is, and so is "a foot" in English: one foot).
        while run and run[0][2][1] == "a" and (len(run) == 1 or run[1][2][1] not in ("h", "s")):
            if lang == "en" and len(run) == 1 and _spelled_measure(text, run[0][1]):
                break
            run = run[1:]
        for start, end, value in compose(run):
            half = _HALF.match(text, end) if value == int(value) else None
            if half:  # three and a half
                value, end = value + 0.5, half.end()
            keys = {nkey(value), nkey(50)} if value == 0.5 else {nkey(value)}  # half = 50%
            unit = _spelled_measure(text, end) if lang == "en" else None
            metric = _metric(value, unit) if unit else ()
            numbers.append(Number(start, end, text[start:end], value, "measure" if metric else "word",
                                  frozenset(keys), strong=False, metric=metric))
    return numbers


def _spelled_measure(text: str, end: int) -> str | None:
    """The imperial unit written after a number word (`eight-foot`, `a foot long`, `two miles`), if any."""
    unit = _IMPERIAL.match(text, end)
    return unit.group("u") if unit is not None and unit.group("u") not in (None, "F") else None


def _metric(value: float, unit: str) -> tuple[float, ...]:
    """The metric values an imperial measure may have been converted to (feet: centimetres and metres)."""
    return tuple(value * factor + offset for factor, offset in W.IMPERIAL[unit])


@lru_cache(maxsize=64)
def _combining_re(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    table = W.COMBINING.get(lang)
    if not table:
        return None
    stems = _alternation(table)
    return (re.compile(rf"(?<![\w'’])(?:{stems})+(?=[^\W\d_]{{2,}})", re.I), re.compile(stems, re.I))


def _compound_words(text: str, lang: str) -> list[Number]:
    """Number stems opening a compound: "čtrnáctiletá" 14, "двадцатипятилетний" 25, "zweijährig" 2."""
    patterns = _combining_re(lang)
    if patterns is None:
        return []
    whole, stem = patterns
    table = {key.lower(): value for key, value in W.COMBINING[lang].items()}
    numbers = []
    for match in whole.finditer(text):
        run = [(m.start(), m.end(), (table[m.group().lower()], "u")) for m in stem.finditer(match.group())]
        offset = match.start()
        for start, end, value in compose(run):
            numbers.append(Number(offset + start, offset + end, text[offset + start:offset + end], value,
                                  "word", frozenset({nkey(value)}), strong=False))
    return numbers


def compose(run: Sequence[tuple[int, int, W.Word]]) -> list[tuple[int, int, float]]:
    """Values of a run of number words: "twenty five" 25, "two hundred and five" 205,
    "drei Millionen" 3e6, "two three" two numbers. Returns (start, end, value) per number."""
    results: list[tuple[int, int, float]] = []
    total = 0.0
    current: float | None = None
    first = -1
    last = -1

    def flush() -> None:
        nonlocal total, current, first
        if first >= 0 and (total or current is not None):
            results.append((first, last, norm(total + (current or 0.0))))
        total, current, first = 0.0, None, -1

    for start, end, (value, kind) in run:
        if kind == "o":
            if current is not None and _joins(current, value):  # twenty-fifth, двадцать пятого
                current += value
                last = end
            else:
                flush()
                first, current, last = start, value, end
            flush()
            continue
        if kind in ("s", "h"):
            if first < 0:
                first = start
            if kind == "h":
                current = (current if current is not None else 1.0) * 100
            else:
                total += (current if current is not None else 1.0) * value
                current = None
            last = end
            continue
        if current is not None and not _joins(current, value):
            flush()
        if first < 0:
            first = start
        current = value if current is None else current + value
        last = end
    flush()
    return results


def _joins(current: float, value: float) -> bool:
    if current >= 100 and current % 100 == 0 and value < 100:
        return True
    if 20 <= current < 100 and current % 10 == 0 and value < 10:
        return True
    return current in (60.0, 80.0) and 10 <= value < 20  # soixante-dix, quatre-vingt-dix


def _han_numerals(text: str, lang: str) -> list[Number]:
    numbers = []
    for match in _HAN_NUMERAL.finditer(text):
        start = match.start()
        digits = match.group(3)
        if text[max(0, start - 2):start].endswith(_HAN_WEEKDAY_BEFORE):
            continue
        value = han_to_number(digits, lang)
        if value is None:
            continue
        kind = "percent" if match.group(1) else "ordinal" if match.group(2) else "word"
        if match.group(4) == "成" and 1 <= value <= 10:
            value, kind = value * 10, "percent"
        keys: set[Key] = {nkey(value)}
        if match.group(4) == "月" and 1 <= value <= 12 and text[start - 1:start] not in _NOT_MONTH_BEFORE:
            kind = "month"
            keys.add(("m", value))
        numbers.append(Number(start, match.end(), match.group(), value, kind, frozenset(keys), strong=False))
    return numbers


def _clock_words(text: str) -> list[Number]:
    """Clock times in words (`a quarter past eight`) as soft times: 8:15, or 20:15 if the other side says so."""
    numbers = []
    table = W.NUMBER_WORDS["en"]
    for match in _CLOCK_WORDS.finditer(text):
        phrase, word = match.group(1).lower(), match.group(2).lower()
        hour = int(word) if word.isdigit() else int(table[word][0])
        if not 1 <= hour <= 12:
            continue
        minute = 30 if phrase.startswith("half") else 15
        if phrase.endswith("to"):
            hour, minute = (hour - 1) or 12, 60 - minute
        keys = _time_keys(hour, minute, None) | _time_keys(hour, minute, "pm")
        numbers.append(Number(match.start(), match.end(), match.group(), float(hour * 60 + minute), "time",
                              keys, strong=False, pairable=False))
    return numbers


def _hebrew_numerals(text: str) -> list[Number]:
    """Hebrew numerals as soft numbers; a year of the Hebrew calendar written without its thousands
    (תשפ"ג, 783) also stands for 5783 and the Gregorian years it overlaps (2022, 2023)."""
    numbers = []
    for match in _HEBREW_NUMERAL.finditer(text):
        letters = match.group().translate(_HEBREW_MARKS)
        value = sum(_HEBREW_VALUES.get(letter, 0) for letter in letters)
        keys: set[Key] = {nkey(value)}
        if 600 <= value < 1000:  # 5600-5999: 1839-2239
            keys |= {nkey(value + 5000), nkey(value + 5000 - 3761), nkey(value + 5000 - 3760)}
        numbers.append(Number(match.start(), match.end(), match.group(), float(value), "word", frozenset(keys),
                              strong=False, pairable=False))  # never "changed to" a target number: ש"ח is 308
    return numbers


def han_to_number(numeral: str, lang: str = "zh") -> float | None:
    """The value of a Han numeral: 两千 2000, 三万五千 35000, 十二 12, 一亿五千万 150000000, 二〇二四 2024."""
    digits = W.CJK_DIGITS
    if all(char in digits for char in numeral):
        if len(numeral) == 1:
            return float(digits[numeral])
        return float("".join(str(digits[char]) for char in numeral))
    big = W.CJK_SCALES_JA if lang == "ja" else W.CJK_SCALES
    total = 0.0
    section = 0.0
    number = 0.0
    for char in numeral:
        if char in digits:
            number = digits[char]
        elif char in "十百千":
            section += (number or 1) * big[char]
            number = 0
        elif char in big:
            section += number
            number = 0
            if section == 0:
                total = (total or 1) * big[char]
            else:
                total += section * big[char]
            section = 0
        else:
            return None
    return norm(total + section + number)


def _roman(numeral: str) -> int:
    total = 0
    for index, char in enumerate(numeral):
        value = _ROMAN_VALUES[char]
        if index + 1 < len(numeral) and _ROMAN_VALUES[numeral[index + 1]] > value:
            total -= value
        else:
            total += value
    return total


# ---------------------------------------------------------------------------------------------
# Comparison


_GROUP_GAP = lazy_re(r"[,.] ")


def _split_groups(text: str, numbers: Sequence[Number]) -> Iterator[list[Number]]:
    """Runs of plain integers joined by `, ` or `. `, the first of at most three digits: the shape
    of one number whose separator was followed by a stray space (`8, 137`, `0. 5`)."""
    run: list[Number] = []
    for number in sorted(numbers, key=lambda n: n.start):
        digits = number.text.isdigit()
        if run and digits and _GROUP_GAP.fullmatch(text, run[-1].end, number.start):
            run.append(number)
            continue
        if len(run) > 1:
            yield run
        run = [number] if digits and len(number.text) <= 3 else []
    if len(run) > 1:
        yield run


def _decade_value(number: Number, text: str) -> float | None:
    """The decade a number names: `1920er`, `30s`, and the age decade of Chinese and Japanese `40代`."""
    if number.kind == "decade":
        return number.value
    if number.value % 10 == 0 and (
            (text[number.end:number.end + 1] == "代" and number.value < 100)
            or (_DECADE.match(text, number.end) is not None and text[number.end:number.end + 1] != "\u5e74")):
        return number.value  # `40代` (in their forties), German `1920er` read as an ordinal
    return None


def _changed_decade(source: str, open_src: Sequence[Number], target: str,
                    open_tgt: Sequence[Number]) -> tuple[Number, Number] | None:
    """The one decade on each side left unmatched, when they differ (`40代` / `30s`, `1920er` / `2120s`):
    soft numbers otherwise, but a decade has no other reading."""
    src = [(n, v) for n in open_src if (v := _decade_value(n, source)) is not None]
    tgt = [(n, v) for n in open_tgt if (v := _decade_value(n, target)) is not None]
    if len(src) != 1 or len(tgt) != 1:
        return None
    first, second = sorted((src[0][1], tgt[0][1]))
    if first == second or (first < 100 and first == second % 100):
        return None  # the same decade, once with its century (`20代` / `1920s`)
    return src[0][0], tgt[0][0]


_TIME_GAP = lazy_re(r"[,.:] ?| ")


def _split_times(text: str, numbers: list[Number], others: list[Number]) -> tuple[list[Number], list[Number]]:
    """`numbers` (of `text`) and `others` without the hours and minutes of `text` typed apart that a
    time among `others` accounts for: `13, 35 hodin` against `13:35`."""
    times = {key for number in others if number.kind == "time" for key in number.keys}
    if not times:
        return numbers, others
    ordered = sorted(numbers, key=lambda n: n.start)
    for hours, minutes in zip(ordered, ordered[1:]):
        if not (hours.text.isdigit() and minutes.text.isdigit() and len(minutes.text) == 2):
            continue
        if hours.value > 24 or minutes.value > 59 or not _TIME_GAP.fullmatch(text, hours.end, minutes.start):
            continue
        keys = _time_keys(int(hours.value), int(minutes.value), None)
        time = next((n for n in others if n.kind == "time" and n.keys & keys), None)
        if time is not None:
            numbers = [n for n in numbers if n is not hours and n is not minutes]
            others = [n for n in others if n is not time]
    return numbers, others


def _joined(text: str, pieces: Sequence[Number]) -> list[Number]:
    """The numbers `pieces` typed apart could be: digit groups (`1, 387, 000`) when every later
    piece has three digits, a decimal (`0. 5`) when there are two pieces."""
    start, end = pieces[0].start, pieces[-1].end
    values = []
    if all(len(piece.text) == 3 for piece in pieces[1:]):
        values.append(float("".join(piece.text for piece in pieces)))
    if len(pieces) == 2:
        values.append(float(f"{pieces[0].text}.{pieces[1].text}"))
    return [Number(start, end, text[start:end], value, keys=frozenset({nkey(value)})) for value in values]


@lru_cache(maxsize=2048)
def align(source: str, target: str, src_lang: str, tgt_lang: str) -> Alignment:
    """What in the numbers of `source` and `target` does not correspond (see `Alignment`)."""
    src = extract(source, src_lang)
    tgt = extract(target, tgt_lang)
    if not src and not tgt:
        return EMPTY
    src_keys, src_parts = _keys(src), _parts(src)
    tgt_keys, tgt_parts = _keys(tgt), _parts(tgt)
    open_src = [n for n in src if not _found(n, tgt_keys, tgt_parts)]
    open_tgt = [n for n in tgt if not _found(n, src_keys, src_parts)]
    decades = _changed_decade(source, open_src, target, open_tgt)
    if decades is not None:
        return Alignment(changed=(decades,))
    if not any(n.strong or n.kind == "month" for n in open_src + open_tgt):
        return EMPTY
    src_words = _outside(extract_words(source, src_lang), src)
    tgt_words = _outside(extract_words(target, tgt_lang), tgt)
    src_all = src_keys | _keys(src_words)
    tgt_all = tgt_keys | _keys(tgt_words)
    open_src = [n for n in open_src if not _found(n, tgt_all, tgt_parts)]
    open_tgt = [n for n in open_tgt if not _found(n, src_all, src_parts)]

    # Separator confusion: a target number that matches only when read the foreign way.
    separator = []
    # Digit groups typed apart (`8, 137`, `20, 000`, `1, 387, 000`): one source number, not two.
    # A time on one side written as two numbers on the other (`13, 35 hodin` / `13:35`).
    open_src, open_tgt = _split_times(source, open_src, open_tgt)
    open_tgt, open_src = _split_times(target, open_tgt, open_src)
    for pieces in _split_groups(target, open_tgt):
        found = next(((n, merged) for merged in _joined(target, pieces) for n in [*open_src, *src_words]
                      if merged.keys & n.keys), None)
        if found is not None:
            separator.append(found)
            open_src = [n for n in open_src if n is not found[0]]
            open_tgt = [n for n in open_tgt if n not in pieces]
    for number in list(open_tgt):
        if number.alt & src_all and tgt_lang in W.DECIMAL_COMMA | W.DECIMAL_POINT:
            counterpart = next((n for n in [*src, *src_words] if n.keys & number.alt), None)
            if counterpart is not None:
                separator.append((counterpart, number))
            open_tgt.remove(number)
            open_src = [n for n in open_src if not n.keys & number.alt]
    open_src = [n for n in open_src if not n.alt & tgt_all]
    open_tgt = [n for n in open_tgt if not n.alt & src_all]
    # A scale word one side does not spell out: "5 million" against a bare "5".
    open_src = [n for n in open_src if not _mantissa_match(n, [*tgt, *tgt_words])]
    open_tgt = [n for n in open_tgt if not _mantissa_match(n, [*src, *src_words])]

    # Measures the translator converted: "375 pounds" = "170 kg", "5'5\"" = "165 cm", "an eight-foot
    # robot" = "2,5 Meter".
    open_src = [n for n in open_src if not _converted(n, tgt, src)]
    open_tgt = [n for n in open_tgt if not _converted(n, [*src, *src_words], tgt)]

    # A figure rounded to a scale word's digits: "7.23 million" for 723万1000 (7,231,000). Only the
    # translation may round: a target more precise than its source (135,000 for 14万) is a changed number.
    for shown, exact in ((open_tgt, open_src),):
        for number in [n for n in shown if n.scale >= 1000]:
            partner = next((n for n in exact if _rounds_to(n, number)), None)
            if partner is not None:
                shown.remove(number)
                exact.remove(partner)

    # Months that differ: at least one side's month sits in a date (next to a number, or 6月).
    months = []
    src_dated = [n for n in open_src if n.kind == "month"]
    tgt_dated = [n for n in open_tgt if n.kind == "month"]
    if src_dated or tgt_dated:
        src_months = src_dated or [n for n in src_words if n.kind == "month" and n.pairable
                                   and not n.keys & tgt_all]
        tgt_months = tgt_dated or [n for n in tgt_words if n.kind == "month" and n.pairable
                                   and not n.keys & src_all]
        if src_months and tgt_months:
            months = [(src_months[0], number) for number in tgt_months]
            open_src = [n for n in open_src if n not in src_months]
            open_tgt = [n for n in open_tgt if n not in tgt_months]

    # Changed numbers: an open source number and an open target number that look alike.
    changed = []
    loose_tgt = [n for n in tgt_words if n.pairable and n.kind in ("word", "percent")
                 and n.value >= 10 and not n.keys & src_all]
    loose_src = [n for n in src_words if n.pairable and n.kind in ("word", "percent")
                 and n.value >= 10 and not n.keys & tgt_all]
    for number in [n for n in open_src if n.strong and n.pairable]:
        partner = next((t for t in open_tgt if t.strong and t.pairable and near(number, t)), None)
        if partner is None:
            partner = next((t for t in loose_tgt if near(number, t, strict=True)), None)
        if partner is not None:
            changed.append((number, partner))
            open_src.remove(number)
            if partner in open_tgt:
                open_tgt.remove(partner)
            else:
                loose_tgt.remove(partner)
    for number in [n for n in open_tgt if n.strong and n.pairable]:
        partner = next((s for s in loose_src if near(s, number, strict=True)), None)
        if partner is not None:
            changed.append((partner, number))
            open_tgt.remove(number)
            loose_src.remove(partner)
    strong_src = [n for n in open_src if n.strong]
    strong_tgt = [n for n in open_tgt if n.strong]
    if len(strong_src) == 1 and len(strong_tgt) == 1 and strong_src[0].pairable and strong_tgt[0].pairable \
            and _comparable(strong_src[0], strong_tgt[0]):
        changed.append((strong_src[0], strong_tgt[0]))
        strong_src, strong_tgt = [], []
    return Alignment(missing=tuple(strong_src), extra=tuple(strong_tgt), changed=tuple(changed),
                     separator=tuple(separator), months=tuple(months))


def _converted(number: Number, other: Sequence[Number], same: Sequence[Number]) -> bool:
    """Whether `number` is an imperial measure converted on the other side, or the conversion
    of an imperial measure there (values within 10%: translators round)."""
    if number.metric:
        return any(_close(o.value, m) for o in other for m in number.metric)
    return any(_close(number.value, m) for o in other for m in o.metric)


def _rounds_to(exact: Number, shown: Number) -> bool:
    """Whether `shown` (a mantissa with a scale word) is `exact` rounded to the digits it shows."""
    if exact.kind != shown.kind or exact.value == shown.value or exact.value <= 0:
        return False
    text = f"{shown.mantissa:.12g}"
    if "e" in text:
        return False
    decimals = len(text.split(".")[1]) if "." in text else 0
    return round(exact.value / shown.scale, decimals) == round(shown.mantissa, decimals)


def _close(value: float, target: float) -> bool:
    return target > 0 and abs(value - target) <= 0.1 * target


def _found(number: Number, keys: frozenset[Key], parts: frozenset[Key]) -> bool:
    """Whether the other side has this number: a shared value, or the pieces of "171 100"."""
    if number.keys & keys or number.keys & parts:
        return True
    return bool(number.parts) and number.parts <= keys


def _parts(numbers: Iterable[Number]) -> frozenset[Key]:
    parts: set[Key] = set()
    for number in numbers:
        parts |= number.parts
    return frozenset(parts)


def _outside(words: Sequence[Number], numbers: Sequence[Number]) -> list[Number]:
    """Soft numbers that do not overlap a digit number ("тысячи" of "4,5 тысячи" is taken)."""
    if not numbers:
        return list(words)
    return [w for w in words if not any(n.start < w.end and w.start < n.end for n in numbers)]


def _keys(numbers: Iterable[Number]) -> frozenset[Key]:
    keys: set[Key] = set()
    for number in numbers:
        keys |= number.keys
    return frozenset(keys)


def _mantissa_match(number: Number, others: Iterable[Number]) -> bool:
    if number.scale == 1.0:
        return any(o.scale != 1.0 and o.mantissa == number.value for o in others)
    mantissa = nkey(number.mantissa)
    return any(o.scale == 1.0 and mantissa in o.keys for o in others)


def _significant(value: float) -> str:
    digits = f"{value:.12g}".replace(".", "").replace("-", "")
    if "e" in digits:
        digits = digits.split("e")[0]
    return digits.strip("0") or "0"


def near(a: Number, b: Number, strict: bool = False) -> bool:
    """Whether two numbers look like one number changed: same significant digits at another scale
    (2,000 / 20,000, 1.5 billion / 1.5亿), swapped digits (1995 / 1959), one digit off in a long
    number (2019 / 2018), or two times."""
    if a.kind == "time" or b.kind == "time":
        return a.kind == b.kind
    if a.value == b.value:
        return False
    if _significant(a.value) == _significant(b.value):
        return True
    if strict:
        return False
    x, y = f"{a.value:.12g}", f"{b.value:.12g}"
    if len(x) != len(y) or len(x) < 2 or not (x.isdecimal() and y.isdecimal()):
        return False
    if sorted(x) == sorted(y):
        return True
    return len(x) >= 3 and sum(p != q for p, q in zip(x, y, strict=True)) == 1


def _comparable(a: Number, b: Number) -> bool:
    """One open number on each side: call it a change when the two could be the same quantity."""
    if a.kind in ("time",) or b.kind in ("time",):
        return a.kind == b.kind
    if {a.kind, b.kind} & {"month", "id", "code", "decade"}:
        return False
    first, second = as_year(a, b.value), as_year(b, a.value)
    big, small = max(first, second), min(first, second)
    return small > 0 and big / small <= 10


def as_year(number: Number, other: float) -> float:
    """A year written short (`２２年`, keyed 1922 and 2022) read as the full year when the other side's
    number is a year (`2010`), so the two are one changed year, not a missing and an extra number."""
    if number.value < 100 and 1800 <= other <= 2199 and nkey(2000 + number.value) in number.keys:
        return 2000 + number.value if abs(2000 + number.value - other) <= abs(1900 + number.value - other) \
            else 1900 + number.value
    return number.value


# ---------------------------------------------------------------------------------------------
# Presentation


def format_value(value: float, lang: str = "en") -> str:
    """A value written the way `lang` groups and marks decimals: 2000 -> 2,000 / 2.000 / 2 000."""
    if value == int(value):
        text = f"{int(value):,}"
    else:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    mark = decimal_mark(lang)
    if mark == ",":
        group = "." if lang in ("de", "es", "it", "pt", "nl", "tr", "da", "id", "ro", "sl", "hr", "el") \
            else "\u00a0"
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", group)
    return text


def plain_value(value: float) -> str:
    """A value with a point for decimals and no grouping, readable in any language: 5837, 5.837."""
    return str(int(value)) if value == int(value) else f"{value:.10g}"


def describe(number: Number) -> str:
    """How a message names a number: its text, and its value when the text does not show it."""
    text = number.text
    if number.kind in ("time", "month", "id"):
        return f'"{text}"'
    plain = format_value(number.value)
    if text.replace(",", "").replace(" ", "") == plain.replace(",", ""):
        return f'"{text}"'
    return f'"{text}" ({plain})'


__all__ = ["Alignment", "Number", "align", "compose", "decimal_mark", "describe", "extract", "extract_words",
           "format_value", "han_to_number", "near", "plain_value", "read_plain"]

