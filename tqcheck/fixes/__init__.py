"""`tqcheck check --fix`: the checks' suggestions applied to the input files, then checked again.

`edits.py` picks a segment's edits (from checks that declare a fix), `files.py` writes them into the
file the segment came from keeping every other byte, and `session.py` runs the check, the fix and
the re-check that takes back any fix that would add a finding.
"""
