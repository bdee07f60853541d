"""Object-store URIs next to local paths: recognised, restored after pathlib, and local paths left alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from tqcheck.storage import as_location, is_uri, suffix


@pytest.mark.parametrize("uri", ["s3://bucket/dir/batch.parquet", "gs://bucket/batch.jsonl",
                                 "hdfs://namenode:8020/data/batch.parquet", "file:///tmp/batch.parquet"])
def test_uris_survive_a_trip_through_pathlib(uri: str) -> None:
    assert is_uri(uri)
    assert as_location(Path(uri)) == uri  # typer hands over a Path: `s3:/bucket/...`
    assert as_location(uri) == uri


@pytest.mark.parametrize("path", ["batch.parquet", "/data/batch.parquet", "C:/data/batch.parquet",
                                  "weird:name.parquet", "./s3/batch.parquet"])
def test_local_paths_are_not_uris(path: str) -> None:
    assert not is_uri(path)
    assert as_location(path) == path


def test_suffix_of_paths_and_uris() -> None:
    assert suffix("s3://bucket/dir/Batch.PARQUET") == ".parquet"
    assert suffix("gs://bucket/batch.jsonl?generation=3") == ".jsonl"
    assert suffix("/tmp/batch.tsv") == ".tsv"
