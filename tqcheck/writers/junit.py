"""`--format junit`: JUnit XML for CI test-report views (GitLab, Jenkins, Azure, GitHub test reporters).

A `<testsuite>` per input file (the segments' origin), a `<testcase>` per document
(classname = file, name = document id). Issues at or above `--fail-on` make the test case fail:
one `<failure>` whose body lists each of them with `line:column`; lower-severity issues go to
the case's `<system-out>`. Built with ElementTree (never by string concatenation); characters
XML 1.0 cannot carry (control characters from the MT text) are written as visible `\\xNN`.
Per document only the listing lines are held, not its segments.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TextIO

from tqcheck.model import DocumentResult, Issue, RunInfo, Summary
from tqcheck.writers.ci import Place, fails, place

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with characters that XML 1.0 forbids replaced by `\\xNN` / `\\uNNNN`."""
    return _NOT_XML.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass
class _Case:
    """One document's test case: the lines of its failing and of its other issues."""

    name: str
    failures: list[str] = field(default_factory=list)
    failing_codes: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    segments: int = 0


def _line(issue: Issue, where: Place) -> str:
    note = f" ({where.note})" if where.note else ""
    return f"{where.label()} {issue.code} {issue.name} [{issue.severity.label}] {issue.shown_message}{note}"


def _timestamp(created: str) -> str:
    """JUnit's timestamp: ISO 8601 in UTC without a zone suffix."""
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return created
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _case_element(suite: ET.Element, classname: str, case: _Case, fail_on: str) -> None:
    element = ET.SubElement(suite, "testcase", classname=xml_safe(classname), name=xml_safe(case.name))
    if case.failures:
        codes = list(dict.fromkeys(case.failing_codes))
        count = len(case.failures)
        failure = ET.SubElement(element, "failure", type=",".join(codes),
                                message=xml_safe(f"{count} issue{'s' if count != 1 else ''} at or above {fail_on}: "
                                                 f"{', '.join(codes)}"))
        failure.text = xml_safe("\n".join(case.failures) + "\n")
    if case.others:
        ET.SubElement(element, "system-out").text = xml_safe("\n".join(case.others) + "\n")


def render(out: TextIO, info: RunInfo, results: Iterable[DocumentResult],
           summary: Callable[[], Summary]) -> None:
    suites: dict[str, dict[str | None, _Case]] = {}
    for result in results:
        segments = {segment.id: segment for segment in result.segments}
        origin = next((segment.origin for segment in result.segments if segment.origin), None) or "<input>"
        cases = suites.setdefault(origin, {})
        case = cases.setdefault(result.doc_id, _Case(name=result.doc_id or origin))
        case.segments += len(result.segments)  # long documents arrive in windows: one case still
        for issue in result.issues:
            line = _line(issue, place(issue, segments))
            if fails(issue.severity, info.fail_on):
                case.failures.append(line)
                case.failing_codes.append(issue.code)
            else:
                case.others.append(line)
    summary()
    root = ET.Element("testsuites", name="tqcheck", tests=str(sum(len(cases) for cases in suites.values())),
                      failures=str(sum(1 for cases in suites.values() for case in cases.values() if case.failures)),
                      errors="0")
    for origin, cases in suites.items():
        suite = ET.SubElement(root, "testsuite", name=xml_safe(origin), tests=str(len(cases)),
                              failures=str(sum(1 for case in cases.values() if case.failures)), errors="0",
                              skipped="0", timestamp=_timestamp(info.created))
        properties = ET.SubElement(suite, "properties")
        for name, value in (("tool", f"tqcheck {info.tool_version}"), ("fail-on", info.fail_on),
                            ("source-language", info.src_lang or ""), ("target-language", info.tgt_lang or ""),
                            ("segments", str(sum(case.segments for case in cases.values())))):
            ET.SubElement(properties, "property", name=name, value=xml_safe(value))
        for case in cases.values():
            _case_element(suite, origin, case, info.fail_on)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
