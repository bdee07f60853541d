"""Markup checks beyond the case files: the packaged phrase list, the real article, odd input."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_code
from tqcheck.checks.markup import default_boilerplate
from tqcheck.model import Segment

LANGUAGES = ("en", "de", "fr", "es", "ru", "uk", "cs", "ar", "he", "zh", "ja")


def test_packaged_lists_cover_the_promised_languages() -> None:
    data = default_boilerplate()
    for lang in LANGUAGES:
        assert data[lang]["standalone"], lang
        assert data[lang]["lead-in"], lang
    for table in data.values():
        for phrases in table.values():
            assert all(phrase == phrase.strip() and phrase for phrase in phrases)
            assert len(set(phrases)) == len(phrases)


def test_real_article_flags_only_share_your_opinion(shared_dir: Path) -> None:
    lines = (shared_dir / "examples" / "news-ar-en-mt.txt").read_text(encoding="utf-8").splitlines()
    doc = [Segment(id=str(n), target=line, doc_id="a", line=n, src_lang="ar", tgt_lang="en")
           for n, line in enumerate(lines, 1) if line.strip()]
    issues = run_code("TQ551", doc)
    assert [(issue.line, issue.span.start, issue.span.end) for issue in issues] == [(38, 0, 18)]
    assert run_code("TQ552", doc) == []
    assert run_code("TQ553", doc) == []


def test_boilerplate_inherited_from_the_source_is_translated_boilerplate() -> None:
    """Web text the source has too is a faithful translation: TQ554 (info), not TQ551 (warning)."""
    segment = Segment(id="1", source="Читайте також: Зеленський доручив",
                      target="Read also: Zelensky ordered", doc_id="d", src_lang="uk", tgt_lang="en")
    assert run_code("TQ551", [segment]) == []
    (issue,) = run_code("TQ554", [segment])
    assert "translated from the source" in issue.message and issue.severity.label == "info"
    own = Segment(id="2", source="Зеленський доручив", target="Read also: Zelensky ordered", doc_id="d",
                  src_lang="uk", tgt_lang="en")
    assert run_code("TQ554", [own]) == [] and len(run_code("TQ551", [own])) == 1


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80) | st.sampled_from(["<", "&", "&#;", "&#x;", "<br", "</", "<!--", "Share\u0130",
                                              "İİİ Share your opinion", "a1" * 30, "\ud800<br>"]),
       st.none() | st.text(max_size=40),
       st.sampled_from(LANGUAGES + ("xx", "")))
def test_never_raises_on_odd_input(target: str, source: str | None, lang: str) -> None:
    segment = Segment(id="1", target=target, source=source, doc_id="d", src_lang="ar", tgt_lang=lang or None)
    for code in ("TQ551", "TQ552", "TQ553"):
        for issue in run_code(code, [segment]):
            assert 0 <= issue.span.start < issue.span.end <= len(target)
