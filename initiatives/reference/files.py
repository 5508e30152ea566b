"""Where the committed reference data lives and how a file of it is read."""

import json
from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"


def reference_rows(name: str) -> list[dict]:
    """The rows of ``data/reference/<name>`` (``countries.json``, ``themes.json`` …)."""
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))
