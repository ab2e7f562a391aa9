"""ontology/, shapes/, queries/ and lexicon/ are found from a checkout and from an installed wheel."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph_builder.resources import NAMES, resource_dir

ROOT = Path(__file__).resolve().parent.parent


def test_resources_found_from_checkout() -> None:
    for name in NAMES:
        assert any(resource_dir(name).iterdir())


@pytest.mark.slow
def test_resources_inside_the_wheel(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                        str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name, probe in (("ontology", "mandate.ttl"), ("shapes", "mandate-shapes.ttl"), ("queries", "obligations.rq"),
                        ("lexicon", "zh.toml")):
        assert f"graph_builder/_resources/{name}/{probe}" in names
