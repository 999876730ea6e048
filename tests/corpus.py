"""The BPMN MIWG interchange corpus kept in the repository: tests/data/bpmn-miwg (CC BY 3.0;
LICENSE-CC-BY-3.0.txt and SOURCES.md are beside the files, byte-identical to the originals)."""

from pathlib import Path

MIWG = Path(__file__).resolve().parent / "data" / "bpmn-miwg"
MIWG_FILES = sorted(MIWG.glob("*.bpmn"))
