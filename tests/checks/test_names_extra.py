"""Name checks beyond the case files: the real article, wordfreq being optional, odd input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_code
from tqcheck.checks import names
from tqcheck.model import Segment


def _doc(*texts: str, lang: str = "en") -> list[Segment]:
    return [Segment(id=str(n), target=text, doc_id="d", line=n, tgt_lang=lang)
            for n, text in enumerate(texts, 1)]


def test_real_article_flags_only_galanat(shared_dir: Path) -> None:
    lines = (shared_dir / "examples" / "news-ar-en-mt.txt").read_text(encoding="utf-8").splitlines()
    doc = [Segment(id=str(n), target=line, doc_id="a", line=n, src_lang="ar", tgt_lang="en")
           for n, line in enumerate(lines, 1) if line.strip()]
    issues = run_code("TQ401", doc)
    assert [(issue.line, issue.suggestion) for issue in issues] == [(29, "Gallant")]
    assert "Galanat" in issues[0].message


def test_works_without_a_word_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names.frequencies, "available", lambda lang: False)
    names._frequency.cache_clear()
    try:
        doc = _doc("Gallant met Blinken.", "Then Gallant left.", "Later, Gallant spoke.",
                   "He and Galanat agreed.", "Galant, however, was only ever at the start.")
        assert [issue.span.start for issue in run_code("TQ401", doc)] == [7]
    finally:
        names._frequency.cache_clear()


def test_wordfreq_is_imported_only_for_candidate_pairs() -> None:
    code = (
        "import sys\n"
        "from tests.conftest import run_code\n"
        "from tqcheck.model import Segment\n"
        "doc = [Segment(id=str(n), target=t, doc_id='d', tgt_lang='en') for n, t in enumerate(\n"
        "    ['Gallant met Blinken.', 'Then Gallant left.', 'Later, Gallant spoke.'])]\n"
        "assert not run_code('TQ401', doc)\n"
        "print('wordfreq' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=80) | st.sampled_from(["Gallant Gallant Gallant Galanat", "O'Brien's",
                                                        "McGurk-McGurk", "Ǆemal ǅemal", "İstanbul"]),
                min_size=1, max_size=6),
       st.sampled_from(["en", "ru", "de", "el", "zh", "fi"]))
def test_never_raises_on_odd_input(texts: list[str], lang: str) -> None:
    doc = _doc(*texts, lang=lang)
    for issue in run_code("TQ401", doc):
        text = next(s for s in doc if s.id == issue.segment_id).target
        assert 0 <= issue.span.start < issue.span.end <= len(text)
