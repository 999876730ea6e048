"""The interop corpus travels with the repository, unedited, with its licence and its sources."""

import hashlib
import re

from tests.corpus import MIWG, MIWG_FILES


def test_every_corpus_file_is_present_and_byte_identical_to_the_source_listed():
    sources = (MIWG / "SOURCES.md").read_text()
    listed = dict(re.findall(r"^\| ([\w.-]+\.bpmn) \|.*\| ([0-9a-f]{8}) \|$", sources, re.M))
    assert len(listed) == 10
    assert [path.name for path in MIWG_FILES] == sorted(listed)
    for path in MIWG_FILES:
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:8] == listed[path.name], path.name
    assert "Creative Commons Attribution 3.0" in (MIWG / "LICENSE-CC-BY-3.0.txt").read_text()
