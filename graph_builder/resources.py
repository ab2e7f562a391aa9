"""Find the project's data folders (ontology, shapes, queries, lexicon) from a checkout or a wheel.

A wheel carries them inside the package as ``graph_builder/_resources/<name>``; a checkout
(or an editable install) has them at the top of the repository.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
NAMES = ("ontology", "shapes", "queries", "lexicon")


@cache
def resource_dir(name: str) -> Path:
    """Return the folder holding the named resource set; raise FileNotFoundError if absent."""
    if name not in NAMES:
        raise ValueError(f"unknown resource folder {name!r}; expected one of {', '.join(NAMES)}")
    for candidate in (PACKAGE_DIR / "_resources" / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resource folder {name!r} not found next to {PACKAGE_DIR}")


def resource(name: str, filename: str) -> Path:
    path = resource_dir(name) / filename
    if not path.is_file():
        raise FileNotFoundError(f"{name}/{filename} not found in {resource_dir(name)}")
    return path
