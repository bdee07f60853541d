"""Language tables for number extraction: number words, scale words, month names, separators.

Pure data plus small generators; `tqcheck.checks.numbers.parse` compiles them once per language. The
tables aim at what news translation needs (small cardinals and ordinals, tens, hundred,
thousand, million, billion, month names with their case forms), not at spelling out every
number of every language: a word that is not listed only means a digit on the other side
goes unmatched, and number words are never reported on their own.
"""

from __future__ import annotations

from collections.abc import Mapping

# ---------------------------------------------------------------------------------------------
# Separators. A language reads "2,5" and "2.000" by these conventions; see numparse.read_digits.

# The decimal mark is a comma; "." (or a space) groups thousands.
DECIMAL_COMMA = frozenset({
    "de", "fr", "ru", "uk", "cs", "sk", "pl", "it", "pt", "nl", "tr", "sv", "da", "no", "nb", "nn",
    "fi", "ro", "hu", "sl", "hr", "sr", "bs", "bg", "el", "id", "lt", "lv", "et", "be", "mk", "ca",
    "eu", "gl", "is", "az", "kk", "ky", "uz", "vi", "sq", "ka", "hy",
})
# The decimal mark is a point; "," groups thousands.
DECIMAL_POINT = frozenset({"en", "zh", "ja", "ko", "he", "ar", "th", "hi", "ms", "tl", "yue", "ga", "mt"})
# Everything else (es: Spain and Latin America differ; unknown languages) is read by the shape
# of the digit groups alone: a separator followed by exactly three digits groups thousands.

# A plain space may group thousands ("2 000"): languages that use it, and those read by shape.
# English-like languages do not, so "On May 5 300 people" stays two numbers there.
NO_SPACE_GROUPING = frozenset({"en", "zh", "ja", "ko", "he", "ar", "th", "hi", "yue"})

# Languages that write dates with dots ("24.06.2024", "24.6.").
DOT_DATES = frozenset({"de", "ru", "uk", "cs", "sk", "pl", "fi", "no", "nb", "da", "tr", "hu", "ro",
                       "sl", "hr", "sr", "bg", "et", "lv", "lt", "be", "kk", "is", "mk"})

# ---------------------------------------------------------------------------------------------
# Scale words written after digits ("3 million", "3 Mio.", "3 млн", "300万"), value per word.
# Longest alternatives first when compiled. Per-language overrides handle false friends:
# en billion = 10^9 but de Billion / fr billion / es billón = 10^12.

SCALE_WORDS: dict[str, float] = {
    # en
    "thousand": 1e3, "thousands": 1e3, "million": 1e6, "millions": 1e6, "mln": 1e6, "mn": 1e6,
    "billion": 1e9, "billions": 1e9, "bln": 1e9, "bn": 1e9, "trillion": 1e12, "trillions": 1e12,
    "tn": 1e12, "trn": 1e12,
    # de
    "tausend": 1e3, "tsd.": 1e3, "mio.": 1e6, "mio": 1e6, "millionen": 1e6,
    "milliarde": 1e9, "milliarden": 1e9, "mrd.": 1e9, "mrd": 1e9, "billionen": 1e12,
    # fr
    "mille": 1e3, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "mds": 1e9, "md.": 1e9,
    # es / pt / it
    "mil": 1e3, "millón": 1e6, "millones": 1e6, "billón": 1e12, "billones": 1e12,
    "milhão": 1e6, "milhões": 1e6, "bilhão": 1e9, "bilhões": 1e9, "mil milhões": 1e9,
    "mil millones": 1e9, "milioni": 1e6, "milione": 1e6, "miliardi": 1e9, "miliardo": 1e9,
    # ru
    "тыс.": 1e3, "тыс": 1e3, "тысяча": 1e3, "тысячи": 1e3, "тысяч": 1e3, "тысячу": 1e3,
    "тысячам": 1e3, "тысячами": 1e3, "млн": 1e6, "млн.": 1e6, "миллион": 1e6, "миллиона": 1e6,
    "миллионов": 1e6, "миллионам": 1e6, "миллионами": 1e6, "млрд": 1e9, "млрд.": 1e9,
    "миллиард": 1e9, "миллиарда": 1e9, "миллиардов": 1e9, "миллиардам": 1e9, "трлн": 1e12,
    "трлн.": 1e12, "триллион": 1e12, "триллиона": 1e12, "триллионов": 1e12,
    # uk
    "тис.": 1e3, "тис": 1e3, "тисяча": 1e3, "тисячі": 1e3, "тисяч": 1e3, "тисячу": 1e3,
    "мільйон": 1e6, "мільйона": 1e6, "мільйони": 1e6, "мільйонів": 1e6, "мільярд": 1e9,
    "мільярда": 1e9, "мільярди": 1e9, "мільярдів": 1e9, "трильйон": 1e12, "трильйонів": 1e12,
    # cs / sk / pl
    "tis.": 1e3, "tisíc": 1e3, "tisíce": 1e3, "tisícům": 1e3, "milion": 1e6,
    "milionu": 1e6, "miliony": 1e6, "milionů": 1e6, "milionech": 1e6, "mld.": 1e9, "mld": 1e9,
    "miliarda": 1e9, "miliardy": 1e9, "miliard": 1e9, "miliardu": 1e9,
    "tys.": 1e3, "tysięcy": 1e3, "tysiące": 1e3, "milionów": 1e6, "miliardów": 1e9,
    # ar
    "ألف": 1e3, "آلاف": 1e3, "الف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
    "بليون": 1e9, "تريليون": 1e12,
    # he
    "אלף": 1e3, "אלפים": 1e3, "מיליון": 1e6, "מיליונים": 1e6, "מיליארד": 1e9, "מיליארדים": 1e9,
    "טריליון": 1e12,
}
# Per-language values that differ from the table above (long-scale "billion").
SCALE_OVERRIDES: dict[str, dict[str, float]] = {
    "de": {"billion": 1e12, "billionen": 1e12},
    "fr": {"billion": 1e12, "billions": 1e12},
    "nl": {"biljoen": 1e12},
    "cs": {"bilion": 1e12, "bilionů": 1e12},
}
# Scale letters after a currency amount only ("$5m", "£3bn", "€1.2k"); "5m" alone is metres.
CURRENCY_SCALE_LETTERS: dict[str, float] = {"k": 1e3, "m": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "t": 1e12}
CURRENCY_SYMBOLS = "$€£¥₹₽₴₪₩₺"

# Han-character scales after digits (zh, ja): "3万", "1.5亿", "3千万".
CJK_SCALES: dict[str, float] = {"十": 10.0, "百": 100.0, "千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8,
                                "億": 1e8}
# 兆 is 10^12 in Japanese but "mega" in modern Chinese (兆瓦 = MW).
CJK_SCALES_JA: dict[str, float] = {**CJK_SCALES, "兆": 1e12}
CJK_DIGITS: dict[str, int] = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
                              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# ---------------------------------------------------------------------------------------------
# Percent markers after a number (only used to label and span the number).
PERCENT_WORDS = (
    "%", "％", "٪", "‰", "percent", "per cent", "pct", "Prozent", "pour cent", "por ciento", "por cento",
    "per cento", "procent", "procenta", "procent", "процент", "процента", "процентов", "процентам",
    "відсоток", "відсотки", "відсотків", "відсотка", "بالمئة", "بالمائة", "في المئة", "في المائة", "אחוז",
    "אחוזים",
)

# ---------------------------------------------------------------------------------------------
# Month names -> month number. Lower-case keys; English is matched case-sensitively (capitalised)
# because "may" and "march" are common words, and its "May" counts only next to a number.

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December"]
MONTHS: dict[str, dict[str, int]] = {
    "en": {**{name: n for n, name in enumerate(_EN_MONTHS, 1)},
           **{abbr: n for n, abbr in enumerate(
               ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)},
           "Sept": 9},
    "de": {"januar": 1, "jänner": 1, "februar": 2, "feber": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6,
           "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
           "jan.": 1, "feb.": 2, "febr.": 2, "apr.": 4, "aug.": 8, "sep.": 9, "sept.": 9, "okt.": 10,
           "nov.": 11, "dez.": 12},
    "fr": {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
           "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12},
    "es": {"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
           "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12},
    "it": {"gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
           "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12},
    "pt": {"janeiro": 1, "fevereiro": 2, "março": 3, "abril": 4, "maio": 5, "junho": 6, "julho": 7,
           "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12},
    "ru": {f"{stem}{end}": n for n, (stem, ends) in enumerate([
        ("январ", "ьяеюём"), ("феврал", "ьяеюём"), ("март", ("", "а", "е", "у", "ом")),
        ("апрел", "ьяеюём"), ("ма", "йяеюём"), ("июн", "ьяеюём"), ("июл", "ьяеюём"),
        ("август", ("", "а", "е", "у", "ом")), ("сентябр", "ьяеюём"), ("октябр", "ьяеюём"),
        ("ноябр", "ьяеюём"), ("декабр", "ьяеюём")], 1) for end in ends},
    "uk": {f"{stem}{end}": n for n, (stem, ends) in enumerate([
        ("січ", ("ень", "ня", "ні", "нем")), ("лют", ("ий", "ого", "ому", "им")),
        ("берез", ("ень", "ня", "ні", "нем")), ("квіт", ("ень", "ня", "ні", "нем")),
        ("трав", ("ень", "ня", "ні", "нем")), ("черв", ("ень", "ня", "ні", "нем")),
        ("лип", ("ень", "ня", "ні", "нем")), ("серп", ("ень", "ня", "ні", "нем")),
        ("верес", ("ень", "ня", "ні", "нем")), ("жовт", ("ень", "ня", "ні", "нем")),
        ("листопад", ("", "а", "і", "ом")), ("груд", ("ень", "ня", "ні", "нем"))], 1) for end in ends},
    "cs": {**{w: 1 for w in ("leden", "ledna", "lednu", "lednem")},
           **{w: 2 for w in ("únor", "února", "únoru", "únorem")},
           **{w: 3 for w in ("březen", "března", "březnu", "březnem")},
           **{w: 4 for w in ("duben", "dubna", "dubnu", "dubnem")},
           **{w: 5 for w in ("květen", "května", "květnu", "květnem")},
           **{w: 6 for w in ("červen", "června", "červnu", "červnem")},
           **{w: 7 for w in ("červenec", "července", "červenci", "červencem")},
           **{w: 8 for w in ("srpen", "srpna", "srpnu", "srpnem")},
           **{w: 9 for w in ("září", "zářím")},
           **{w: 10 for w in ("říjen", "října", "říjnu", "říjnem")},
           **{w: 11 for w in ("listopad", "listopadu", "listopadem")},
           **{w: 12 for w in ("prosinec", "prosince", "prosinci", "prosincem")}},
    "ar": {"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6,
           "يونيه": 6, "يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10,
           "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12, "كانون الثاني": 1, "شباط": 2, "آذار": 3,
           "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10,
           "تشرين الثاني": 11, "كانون الأول": 12},
    "he": {"ינואר": 1, "פברואר": 2, "מרץ": 3, "מרס": 3, "אפריל": 4, "מאי": 5, "יוני": 6, "יולי": 7,
           "אוגוסט": 8, "ספטמבר": 9, "אוקטובר": 10, "נובמבר": 11, "דצמבר": 12},
}
# Month names that are also common words or names ("May I", "Jan", "Mars"): months only next
# to a day or year number, never on their own.
AMBIGUOUS_MONTHS = frozenset({"May", "Mar", "Jan", "Sep", "Dec", "mai", "mars", "мая", "мае", "маю", "май",
                              "maio", "mayo"})

# ---------------------------------------------------------------------------------------------
# Number words. Each language maps a word form to (value, kind): kind "u" adds (units, tens,
# teens), "h" multiplies the running group by 100, "s" closes a group with a scale (10^3 and up),
# "o" is an ordinal (stands alone). `numparse` composes runs: "twenty-five" 25, "two hundred
# and five" 205, "drei Millionen" 3e6, "два миллиона" 2e6.

Word = tuple[float, str]


def _units(pairs: Mapping[str, float], kind: str = "u") -> dict[str, Word]:
    return {word: (value, kind) for word, value in pairs.items()}


def _forms(table: dict[float, tuple[str, ...]], kind: str = "u") -> dict[str, Word]:
    return {form: (value, kind) for value, forms in table.items() for form in forms}


_EN_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
             "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
             "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
             "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12, "couple": 2, "twice": 2,
             "thrice": 3, "decade": 10, "decades": 10,
             "single": 1, "double": 2, "triple": 3, "quadruple": 4, "twofold": 2, "threefold": 3,
             "fourfold": 4, "fivefold": 5, "tenfold": 10, "hundredfold": 100,
             "half": 0.5, "both": 2, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
             "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90}
_EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20,
                "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100, "thousandth": 1000}

_DE_UNIT_WORDS = {"null": 0, "eins": 1, "ein": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1,
                  "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
                  "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
                  "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
                  "beide": 2, "beiden": 2, "beider": 2, "halb": 0.5, "halbe": 0.5, "hälfte": 0.5,
                  "dutzend": 12, "zweimal": 2, "dreimal": 3}
_DE_TENS = {"zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
            "achtzig": 80, "neunzig": 90}
_DE_DIGITS = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
              "neun": 9}
_DE_ORDINAL_STEMS = {"erst": 1, "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7,
                     "siebent": 7, "acht": 8, "neunt": 9, "zehnt": 10, "elft": 11, "zwölft": 12,
                     "zwanzigst": 20, "hundertst": 100}


def _german() -> dict[str, Word]:
    words = _units(_DE_UNIT_WORDS) | _units(_DE_TENS)
    for unit, u in _DE_DIGITS.items():
        for tens, t in _DE_TENS.items():
            words[f"{unit}und{tens}"] = (t + u, "u")
        words[f"{unit}hundert"] = (u * 100, "u")
        words[f"{unit}tausend"] = (u * 1000, "u")
        words[f"{unit}einhalb"] = (u + 0.5, "u")  # zweieinhalb = 2.5
    words["anderthalb"] = (1.5, "u")
    words |= {"hundert": (100, "h"), "tausend": (1e3, "s"), "million": (1e6, "s"), "millionen": (1e6, "s"),
              "milliarde": (1e9, "s"), "milliarden": (1e9, "s")}
    for stem, value in _DE_ORDINAL_STEMS.items():
        for end in ("e", "en", "er", "es", "em"):
            words[stem + end] = (value, "o")
    return words


_FR = {"zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
       "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
       "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40,
       "cinquante": 50, "soixante": 60, "quatre-vingt": 80, "quatre-vingts": 80, "deux fois": 2,
       "douzaine": 12, "demi": 0.5, "moitié": 0.5, "les deux": 2}
_FR_ORD = {"premier": 1, "première": 1, "premiers": 1, "premières": 1, "deuxième": 2, "second": 2,
           "seconde": 2, "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
           "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12, "vingtième": 20,
           "centième": 100}

_ES = {"cero": 0, "uno": 1, "una": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6,
       "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14,
       "quince": 15, "dieciséis": 16, "dieciseis": 16, "diecisiete": 17, "dieciocho": 18,
       "diecinueve": 19, "veinte": 20, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
       "setenta": 70, "ochenta": 80, "noventa": 90, "doscientos": 200, "doscientas": 200,
       "trescientos": 300, "trescientas": 300, "cuatrocientos": 400, "quinientos": 500,
       "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
       "ambos": 2, "ambas": 2, "docena": 12, "medio": 0.5, "media": 0.5, "mitad": 0.5}
_ES_VEINTI = {"veintiuno": 21, "veintiún": 21, "veintiuna": 21, "veintidós": 22, "veintitrés": 23,
              "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintisiete": 27,
              "veintiocho": 28, "veintinueve": 29}
_ES_ORD = {f"{stem}{end}": value for stem, value in
           (("primer", 1), ("segund", 2), ("tercer", 3), ("cuart", 4), ("quint", 5), ("sext", 6),
            ("séptim", 7), ("octav", 8), ("noven", 9), ("décim", 10)) for end in ("o", "a", "os", "as")}
_ES_ORD |= {"primer": 1, "tercer": 3}

_RU = _forms({
    0: ("ноль", "нуль", "ноля", "нуля"),
    1: ("один", "одна", "одно", "одного", "одной", "одному", "одним", "одном", "одну"),
    2: ("два", "две", "двух", "двум", "двумя", "двое", "двоих", "оба", "обе", "обоих", "обеих"),
    3: ("три", "трёх", "трех", "трём", "трем", "тремя", "трое", "троих"),
    4: ("четыре", "четырёх", "четырех", "четырём", "четырем", "четырьмя", "четверо"),
    5: ("пять", "пяти", "пятью", "пятеро"), 6: ("шесть", "шести", "шестью", "шестеро"),
    7: ("семь", "семи", "семью"), 8: ("восемь", "восьми", "восемью", "восьмью"),
    9: ("девять", "девяти", "девятью"), 10: ("десять", "десяти", "десятью", "десяток", "десятка"),
    11: ("одиннадцать", "одиннадцати"), 12: ("двенадцать", "двенадцати", "дюжина", "дюжины"),
    13: ("тринадцать", "тринадцати"), 14: ("четырнадцать", "четырнадцати"),
    15: ("пятнадцать", "пятнадцати"), 16: ("шестнадцать", "шестнадцати"),
    17: ("семнадцать", "семнадцати"), 18: ("восемнадцать", "восемнадцати"),
    19: ("девятнадцать", "девятнадцати"), 20: ("двадцать", "двадцати"), 30: ("тридцать", "тридцати"),
    40: ("сорок", "сорока"), 50: ("пятьдесят", "пятидесяти"), 60: ("шестьдесят", "шестидесяти"),
    70: ("семьдесят", "семидесяти"), 80: ("восемьдесят", "восьмидесяти"),
    90: ("девяносто", "девяноста"), 100: ("сто", "ста"), 200: ("двести", "двухсот"),
    300: ("триста", "трёхсот", "трехсот"), 400: ("четыреста", "четырёхсот", "четырехсот"),
    500: ("пятьсот", "пятисот"), 600: ("шестьсот", "шестисот"), 700: ("семьсот", "семисот"),
    800: ("восемьсот", "восьмисот"), 900: ("девятьсот", "девятисот"),
    0.5: ("половина", "половины", "половину", "пол"),
    24: ("сутки", "суток", "сутках", "суткам", "круглосуточно", "круглосуточный", "круглосуточная"),
}) | _forms({1e3: ("тысяча", "тысячи", "тысяч", "тысячу", "тысячей"),
             1e6: ("миллион", "миллиона", "миллионов", "миллионы"),
             1e9: ("миллиард", "миллиарда", "миллиардов", "миллиарды")}, "s")
_RU_ORD_STEMS = {"перв": 1, "втор": 2, "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7,
                 "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
                 "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18,
                 "девятнадцат": 19, "двадцат": 20, "тридцат": 30, "сороков": 40, "пятидесят": 50,
                 "шестидесят": 60, "семидесят": 70, "восьмидесят": 80, "девяност": 90, "сот": 100,
                 "тысячн": 1000}
_RU_ADJ = ("ый", "ой", "ая", "ое", "ые", "ого", "ому", "ым", "ом", "ую", "ых", "ыми", "ей")
_RU_ORD = {stem + end: (value, "o") for stem, value in _RU_ORD_STEMS.items() for end in _RU_ADJ}
_RU_ORD |= {form: (3, "o") for form in ("третий", "третья", "третье", "третьи", "третьего", "третьей",
                                        "третьему", "третьим", "третьем", "третью", "третьих")}

_UK = _forms({
    0: ("нуль", "нуля"), 1: ("один", "одна", "одне", "одного", "одній", "одному", "одним", "одну"),
    2: ("два", "дві", "двох", "двом", "двома", "двоє", "обидва", "обидві", "обох"),
    3: ("три", "трьох", "трьом", "трьома", "троє"), 4: ("чотири", "чотирьох", "чотирьом", "четверо"),
    5: ("п'ять", "п’ять", "п'яти", "п’яти", "п'ятьох", "п’ятьох"), 6: ("шість", "шести", "шістьох"),
    7: ("сім", "семи", "сімох"), 8: ("вісім", "восьми", "вісьмох"),
    9: ("дев'ять", "дев’ять", "дев'яти", "дев’яти"), 10: ("десять", "десяти", "десятьох"),
    11: ("одинадцять",), 12: ("дванадцять",), 15: ("п'ятнадцять", "п’ятнадцять"),
    20: ("двадцять", "двадцяти"), 30: ("тридцять",), 40: ("сорок",), 50: ("п'ятдесят", "п’ятдесят"),
    100: ("сто",), 0.5: ("половина", "половини", "половину"),
}) | _forms({1e3: ("тисяча", "тисячі", "тисяч", "тисячу"),
             1e6: ("мільйон", "мільйона", "мільйонів", "мільйони"),
             1e9: ("мільярд", "мільярда", "мільярдів", "мільярди")}, "s")
_UK_ADJ = ("ий", "а", "е", "ого", "ому", "им", "ій", "у", "і", "их", "ої")
_UK_ORD = {stem + end: (value, "o") for stem, value in
           {"перш": 1, "друг": 2, "четверт": 4, "п'ят": 5, "п’ят": 5, "шост": 6, "сьом": 7, "восьм": 8,
            "дев'ят": 9, "дев’ят": 9, "десят": 10, "двадцят": 20, "тридцят": 30, "сорок": 40,
            "п'ятдесят": 50, "п’ятдесят": 50, "шістдесят": 60, "сімдесят": 70, "вісімдесят": 80,
            "дев'яност": 90, "дев’яност": 90}.items() for end in _UK_ADJ}
_UK_ORD |= {form: (3, "o") for form in ("третій", "третя", "третє", "третього", "третьому", "третім",
                                        "третю", "треті", "третіх")}

_CS = _forms({
    0: ("nula",), 1: ("jeden", "jedna", "jedno", "jednoho", "jedné", "jednomu", "jedním", "jednou"),
    2: ("dva", "dvě", "dvou", "dvěma", "oba", "obě", "obou", "dvakrát"),
    3: ("tři", "tří", "třem", "třemi", "třikrát"), 4: ("čtyři", "čtyř", "čtyřem", "čtyřmi"),
    5: ("pět", "pěti"), 6: ("šest", "šesti"), 7: ("sedm", "sedmi"), 8: ("osm", "osmi"),
    9: ("devět", "devíti"), 10: ("deset", "deseti"), 11: ("jedenáct", "jedenácti"),
    12: ("dvanáct", "dvanácti", "tucet"), 13: ("třináct",), 14: ("čtrnáct",), 15: ("patnáct", "patnácti"),
    16: ("šestnáct",), 17: ("sedmnáct",), 18: ("osmnáct",), 19: ("devatenáct",),
    20: ("dvacet", "dvaceti"), 30: ("třicet", "třiceti"), 40: ("čtyřicet",), 50: ("padesát", "padesáti"),
    60: ("šedesát",), 70: ("sedmdesát",), 80: ("osmdesát",), 90: ("devadesát",), 100: ("sto", "sta"),
    0.5: ("polovina", "poloviny", "polovinu", "půl"),
}) | _forms({1e3: ("tisíc", "tisíce", "tisícům"), 1e6: ("milion", "milionu", "miliony", "milionů"),
             1e9: ("miliarda", "miliardy", "miliard", "miliardu")}, "s")
_CS_ADJ = ("ý", "á", "é", "ého", "ému", "ém", "ým", "ou", "ých", "í")
_CS_ORD = {stem + end: (value, "o") for stem, value in
           {"druh": 2, "čtvrt": 4, "pát": 5, "šest": 6, "sedm": 7, "osm": 8, "devát": 9, "desát": 10,
            "dvacát": 20, "třicát": 30, "čtyřicát": 40, "padesát": 50, "šedesát": 60, "sedmdesát": 70,
            "osmdesát": 80, "devadesát": 90}.items()
           for end in _CS_ADJ}
_CS_ORD |= {form: (value, "o") for form, value in (("první", 1), ("prvního", 1), ("prvním", 1),
                                                    ("prvních", 1), ("třetí", 3), ("třetího", 3),
                                                    ("třetím", 3), ("třetích", 3))}

_AR = _forms({
    1: ("واحد", "واحدة"), 2: ("اثنان", "اثنين", "اثنتان", "اثنتين", "إثنين", "اثنا", "اثني"),
    3: ("ثلاثة", "ثلاث"), 4: ("أربعة", "أربع", "اربعة", "اربع"), 5: ("خمسة", "خمس"), 6: ("ستة", "ست"),
    7: ("سبعة", "سبع"), 8: ("ثمانية", "ثماني", "ثمان"), 9: ("تسعة", "تسع"), 10: ("عشرة", "عشر"),
    20: ("عشرون", "عشرين"), 30: ("ثلاثون", "ثلاثين"), 40: ("أربعون", "أربعين"), 50: ("خمسون", "خمسين"),
    100: ("مائة", "مئة", "مئات"), 0.5: ("نصف",),
}) | _forms({1e3: ("ألف", "آلاف", "الف"), 1e6: ("مليون", "ملايين"), 1e9: ("مليار", "مليارات")}, "s")
_AR_ORD = _forms({1: ("الأول", "الأولى", "أول"), 2: ("الثاني", "الثانية", "ثاني"), 3: ("الثالث", "الثالثة"),
                  4: ("الرابع", "الرابعة"), 5: ("الخامس", "الخامسة"), 10: ("العاشر", "العاشرة")}, "o")

_HE = _forms({
    1: ("אחד", "אחת"), 2: ("שניים", "שתיים", "שני", "שתי", "שנים", "שתים"), 3: ("שלושה", "שלוש", "שלושת"),
    4: ("ארבעה", "ארבע", "ארבעת"), 5: ("חמישה", "חמש", "חמשת"), 6: ("שישה", "שש", "ששת"),
    7: ("שבעה", "שבע", "שבעת"), 8: ("שמונה", "שמונת"), 9: ("תשעה", "תשע", "תשעת"),
    10: ("עשרה", "עשר", "עשרת"),
    20: ("עשרים",), 30: ("שלושים",), 40: ("ארבעים",), 50: ("חמישים",), 100: ("מאה", "מאות"),
    0.5: ("חצי",),
}) | _forms({1e3: ("אלף", "אלפים"), 1e6: ("מיליון", "מיליונים"), 1e9: ("מיליארד", "מיליארדים")}, "s")


def _english() -> dict[str, Word]:
    words = _units(_EN_UNITS) | _units(_EN_ORDINALS, "o")
    words |= {"hundred": (100, "h"), "hundreds": (100, "h"), "thousand": (1e3, "s"), "million": (1e6, "s"),
              "billion": (1e9, "s"), "trillion": (1e12, "s")}
    return words


def _french() -> dict[str, Word]:
    words = _units(_FR) | _units(_FR_ORD, "o")
    words |= {"cent": (100, "h"), "cents": (100, "h"), "mille": (1e3, "s"), "million": (1e6, "s"),
              "millions": (1e6, "s"), "milliard": (1e9, "s"), "milliards": (1e9, "s")}
    return words


def _spanish() -> dict[str, Word]:
    words = _units(_ES) | _units(_ES_VEINTI) | _units(_ES_ORD, "o")
    words |= {"cien": (100, "h"), "ciento": (100, "h"), "mil": (1e3, "s"), "millón": (1e6, "s"),
              "millones": (1e6, "s")}
    return words


# Words that join the parts of one number: "two hundred and five", "treinta y cinco", "сто и".
CONNECTORS: dict[str, tuple[str, ...]] = {
    "en": ("and",), "es": ("y",), "fr": ("et",), "it": ("e",), "pt": ("e",), "cs": ("a",),
}

NUMBER_WORDS: dict[str, dict[str, Word]] = {
    "en": _english(),
    "de": _german(),
    "fr": _french(),
    "es": _spanish(),
    "ru": _RU | _RU_ORD,
    "uk": _UK | _UK_ORD,
    "cs": _CS | _CS_ORD,
    "ar": _AR | _AR_ORD,
    "he": _HE,
}
# Clitics that attach to number words without a space (Arabic wa-/bi-/li-/al-, Hebrew ve-/ha-/be-...).
WORD_PREFIXES: dict[str, str] = {"ar": "(?:و|ب|ل|ف|ك|وال|بال|لل|ال)?", "he": "(?:ו|ה|ב|ל|מ|ש|כ|וה|וב|של|שה)?"}

# Japanese era years: 令和5年 = 2023.
JA_ERAS: dict[str, int] = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}

# Words after a Roman numeral that make it a number ("XXI век", "XXe siècle"); Roman numerals
# of two or more letters count anywhere as soft numbers ("World War II").
ROMAN_SCRIPTS_LANGS = frozenset({"en", "de", "fr", "es", "it", "pt", "ru", "uk", "cs", "sk", "pl", "ro",
                                 "nl"})

# ---------------------------------------------------------------------------------------------
# Combining forms: number stems at the start of a compound word ("čtrnáctiletá" 14-year-old,
# "шестнадцатилетний", "п'ятирічний", "zweijährige"). A word that starts with one or more
# stems and goes on with letters is a soft number.

_CS_TENS_COMBINING = {"dvaceti": 20, "třiceti": 30, "čtyřiceti": 40, "padesáti": 50, "šedesáti": 60,
                      "sedmdesáti": 70, "osmdesáti": 80, "devadesáti": 90}
_CS_UNITS_JOINING = {"jedna": 1, "dva": 2, "tři": 3, "čtyři": 4, "pět": 5, "šest": 6, "sedm": 7, "osm": 8,
                     "devět": 9}
COMBINING: dict[str, dict[str, float]] = {
    "cs": {"jedno": 1, "dvou": 2, "dvoj": 2, "tří": 3, "troj": 3, "čtyř": 4, "pěti": 5, "šesti": 6,
           "sedmi": 7, "osmi": 8, "devíti": 9, "deseti": 10, "jedenácti": 11, "dvanácti": 12, "třinácti": 13,
           "čtrnácti": 14, "patnácti": 15, "šestnácti": 16, "sedmnácti": 17, "osmnácti": 18,
           "devatenácti": 19, **_CS_TENS_COMBINING,
           **{f"{u}a{t}".replace("aa", "a", 1) if u == "jedna" else f"{u}a{t}": uv + tv
              for u, uv in _CS_UNITS_JOINING.items() for t, tv in _CS_TENS_COMBINING.items()},
           **{f"{u[:-1]}a{t}": uv + tv for u, uv in (("osm", 8), ("sedm", 7))
              for t, tv in _CS_TENS_COMBINING.items()}},
    "ru": {"одно": 1, "двух": 2, "трёх": 3, "трех": 3, "четырёх": 4, "четырех": 4, "пяти": 5, "шести": 6,
           "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11, "двенадцати": 12,
           "тринадцати": 13, "четырнадцати": 14, "пятнадцати": 15, "шестнадцати": 16, "семнадцати": 17,
           "восемнадцати": 18, "девятнадцати": 19, "двадцати": 20, "тридцати": 30, "сорока": 40,
           "пятидесяти": 50, "шестидесяти": 60, "семидесяти": 70, "восьмидесяти": 80, "девяноста": 90},
    "uk": {"одно": 1, "дво": 2, "двох": 2, "три": 3, "трьох": 3, "чотири": 4, "чотирьох": 4, "п'яти": 5,
           "п’яти": 5, "шести": 6, "семи": 7, "восьми": 8, "дев'яти": 9, "дев’яти": 9, "десяти": 10,
           "одинадцяти": 11, "дванадцяти": 12, "тринадцяти": 13, "чотирнадцяти": 14, "п'ятнадцяти": 15,
           "п’ятнадцяти": 15, "шістнадцяти": 16, "сімнадцяти": 17, "вісімнадцяти": 18, "дев'ятнадцяти": 19,
           "дев’ятнадцяти": 19, "двадцяти": 20, "тридцяти": 30, "сорока": 40, "п'ятдесяти": 50,
           "п’ятдесяти": 50},
    "de": {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
           "zehn": 10, "elf": 11, "zwölf": 12, "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50,
           "hundert": 100},
}

# ---------------------------------------------------------------------------------------------
# Imperial units after a number, with what the number becomes in metric units. Translators
# convert ("375 pounds" -> "170 kg"), so a converted value counts as the same number.
# Each entry: unit pattern -> (factor, offset) pairs; metric = value * factor + offset.

_MILE = ((1.609344, 0.0), (1609.344, 0.0))
_FOOT = ((0.3048, 0.0), (30.48, 0.0))
_INCH = ((2.54, 0.0), (25.4, 0.0))
_POUND = ((0.45359237, 0.0),)
_OUNCE = ((28.3495, 0.0), (29.5735, 0.0))
_FAHRENHEIT = ((5 / 9, -160 / 9),)
IMPERIAL: dict[str, tuple[tuple[float, float], ...]] = {
    "miles": _MILE, "mile": _MILE, "mi": _MILE, "mph": _MILE,
    "square miles": ((2.589988, 0.0),), "sq miles": ((2.589988, 0.0),),
    "feet": _FOOT, "foot": _FOOT, "ft": _FOOT, "inches": _INCH, "inch": _INCH,
    "pounds": _POUND, "pound": _POUND, "lbs": _POUND, "lb": _POUND,
    "ounces": _OUNCE, "ounce": _OUNCE, "oz": _OUNCE,
    "gallons": ((3.78541, 0.0),), "gallon": ((3.78541, 0.0),),
    "acres": ((0.404686, 0.0), (4046.86, 0.0)), "acre": ((0.404686, 0.0), (4046.86, 0.0)),
    "yards": ((0.9144, 0.0),), "yard": ((0.9144, 0.0),), "yds": ((0.9144, 0.0),),
    "°F": _FAHRENHEIT, "° F": _FAHRENHEIT, "degrees Fahrenheit": _FAHRENHEIT, "Fahrenheit": _FAHRENHEIT,
    "F": _FAHRENHEIT,
}

# Weekday names by language: a pattern (stems where the language inflects them) per day, Monday = 1.
# Words that are also everyday words are left out: Russian `среда` and Polish `środa` (also
# "environment"), Ukrainian `середа` (beside `серед`, "among").
WEEKDAYS: dict[str, tuple[tuple[int, str], ...]] = {
    "en": ((1, "monday"), (2, "tuesday"), (3, "wednesday"), (4, "thursday"), (5, "friday"), (6, "saturday"),
           (7, "sunday")),
    "de": ((1, "montag"), (2, "dienstag"), (3, "mittwoch"), (4, "donnerstag"), (5, "freitag"),
           (6, "samstag|sonnabend"), (7, "sonntag")),
    "fr": ((1, "lundi"), (2, "mardi"), (3, "mercredi"), (4, "jeudi"), (5, "vendredi"), (6, "samedi"),
           (7, "dimanche")),
    "es": ((1, "lunes"), (2, "martes"), (3, "miércoles"), (4, "jueves"), (5, "viernes"), (6, "sábado"),
           (7, "domingo")),
    "it": ((1, "lunedì"), (2, "martedì"), (3, "mercoledì"), (4, "giovedì"), (5, "venerdì"), (6, "sabato"),
           (7, "domenica")),
    "ru": ((1, "понедельник\\w*"), (2, "вторник\\w*"), (4, "четверг\\w*"), (5, "пятниц\\w*"),
           (6, "суббот\\w*"), (7, "воскресень\\w*")),
    "uk": ((1, "понеділ\\w*"), (2, "вівтор\\w*"), (4, "четвер\\w*"), (5, "п[’']ятниц\\w*"), (6, "субот\\w*"),
           (7, "неділ\\w*")),
    "cs": ((1, "pondělí\\w*"), (2, "úterý\\w*"), (3, "středa|středu|středy"), (4, "čtvrt(?:ek|ka|ku)"),
           (5, "pát(?:ek|ku)"), (6, "sobota|sobotu|soboty"), (7, "neděle|neděli")),
    "pl": ((1, "poniedział\\w*"), (2, "wtor\\w*"), (4, "czwart\\w*"), (5, "piąt(?:ek|ku)"),
           (6, "sobota|sobotę|soboty"), (7, "niedziel[aęiy]")),
    "ja": ((1, "月曜"), (2, "火曜"), (3, "水曜"), (4, "木曜"), (5, "金曜"), (6, "土曜"), (7, "日曜")),
    "zh": ((1, "(?:星期|周|礼拜)一"), (2, "(?:星期|周|礼拜)二"), (3, "(?:星期|周|礼拜)三"), (4, "(?:星期|周|礼拜)四"),
           (5, "(?:星期|周|礼拜)五"), (6, "(?:星期|周|礼拜)六"), (7, "(?:星期|周|礼拜)[日天]")),
}
