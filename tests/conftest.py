"""Shared fixtures: a segment builder and a checker that runs one code."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from tqcheck.config import Settings
from tqcheck.model import Issue, Segment
from tqcheck.run.runner import Checker

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXED_CREATED = "2026-01-01T00:00:00+00:00"
FIXED_VERSION = "0.0.0-test"


def seg(target: str, source: str | None = None, *, id: str = "1", src_lang: str | None = None,
        tgt_lang: str = "en", doc_id: str | None = "d1", line: int = 1, reference: str | None = None) -> Segment:
    return Segment(id=id, target=target, source=source, reference=reference, src_lang=src_lang,
                   tgt_lang=tgt_lang, doc_id=doc_id, line=line)


def run_code(code: str, segments: Sequence[Segment], settings: Settings | None = None) -> list[Issue]:
    """Issues of one check over one document."""
    checker = Checker((settings or Settings()).merged(select=(code,)))
    return list(checker.check_document(list(segments), segments[0].doc_id).issues)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED


@pytest.fixture
def ar_en_sample(tmp_path: Path) -> tuple[Path, Path]:
    """A writable copy of the bundled Arabic->English sample article (seeded issues): (target, source)."""
    import shutil

    target, source = tmp_path / "article.en", tmp_path / "article.ar"
    shutil.copy(ROOT / "corpora" / "news-ar-en" / "article-01.en", target)
    shutil.copy(ROOT / "corpora" / "news-ar-en" / "article-01.ar", source)
    return target, source
