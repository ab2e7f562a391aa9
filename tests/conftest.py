from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEEDS = DATA / "seeds"
EN = DATA / "en"
MANIFEST = DATA / "manifest.csv"


def cli_path() -> list[str]:
    exe = shutil.which("mandate-graph", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "graph_builder.cli"]


@pytest.fixture(scope="session")
def built_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("graph") / "graph.ttl"
    subprocess.run(cli_path() + ["build", str(SEEDS), str(EN), "--manifest", str(MANIFEST), "--out", str(out),
                                 "--quiet"], check=True)
    return out
