"""`--format parquet`: one row per issue, row groups as results stream, atomic local and file:// output."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from tests.writers.fixture_report import INFO, RESULTS, summary  # noqa: E402
from tqcheck.errors import InputError  # noqa: E402
from tqcheck.writers import get_writer, is_binary, open_output  # noqa: E402
from tqcheck.writers import parquet as parquet_writer  # noqa: E402
from tqcheck.writers.records import issue_record  # noqa: E402


def _render(**kwargs: int) -> bytes:
    buffer = io.BytesIO()
    parquet_writer.render(buffer, INFO, iter(RESULTS), summary, **kwargs)
    return buffer.getvalue()


def test_one_row_per_issue_with_the_json_issue_fields() -> None:
    table = pq.read_table(io.BytesIO(_render()))
    expected = [{**issue_record(issue), "status": issue.status} for result in RESULTS for issue in result.issues]
    assert table.to_pylist() == expected
    assert table.schema.field("line").type == pa.int64()


def test_run_and_summary_in_the_footer() -> None:
    metadata = pq.read_metadata(io.BytesIO(_render())).metadata
    run = json.loads(metadata[b"tqcheck.run"])
    assert run["tool"]["version"] == "0.0.0-test" and run["checks_run"] == list(INFO.checks_run)
    assert json.loads(metadata[b"tqcheck.summary"])["issues"] == 5


def test_written_in_row_groups_as_results_stream() -> None:
    for size, groups in ((2, [2, 2, 1]), (1, [1] * 5), (50_000, [5])):
        metadata = pq.read_metadata(io.BytesIO(_render(row_group_rows=size)))
        assert [metadata.row_group(index).num_rows for index in range(metadata.num_row_groups)] == groups


def test_no_issues_still_writes_the_schema() -> None:
    buffer = io.BytesIO()
    parquet_writer.render(buffer, INFO, iter(()), summary)
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    assert table.num_rows == 0 and table.column_names[:3] == ["code", "name", "family"]


def test_registered_as_a_binary_writer() -> None:
    assert is_binary(get_writer("parquet"))
    assert not is_binary(get_writer("jsonl"))


@pytest.mark.parametrize("as_uri", [False, True])
def test_output_is_atomic(tmp_path: Path, as_uri: bool) -> None:
    target = tmp_path / "issues.parquet"
    dest = target.as_uri() if as_uri else str(target)
    with open_output(dest, binary=True) as out:
        parquet_writer.render(out, INFO, iter(RESULTS), summary)
    assert pq.read_table(target).num_rows == 5
    before = target.read_bytes()

    def broken():  # type: ignore[no-untyped-def]
        yield RESULTS[0]
        raise RuntimeError("crash mid-run")

    with pytest.raises(RuntimeError), open_output(dest, binary=True) as out:
        parquet_writer.render(out, INFO, broken(), summary, row_group_rows=1)
    assert target.read_bytes() == before, "the old file is untouched"
    assert [path.name for path in tmp_path.iterdir()] == ["issues.parquet"], "no temporary file left"


def test_text_output_to_a_file_uri(tmp_path: Path) -> None:
    with open_output((tmp_path / "report.jsonl").as_uri()) as out:
        out.write('{"a": "ü"}\n')
    assert (tmp_path / "report.jsonl").read_text(encoding="utf-8") == '{"a": "ü"}\n'


def test_binary_output_refuses_stdout_and_missing_directories(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--output"), open_output("-", binary=True):
        pass
    with pytest.raises(InputError, match="does not exist"), open_output(
            (tmp_path / "nowhere" / "x.parquet").as_uri(), binary=True):
        pass
