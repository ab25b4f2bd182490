"""The bench scripts still import (they are only run by hand, so nothing else would notice an
import they lost), and bench/load.py explains itself."""

import os
import subprocess
import sys

from youthhub.config import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench"


def test_every_bench_script_imports(tmp_path):
    scripts = sorted(path.stem for path in BENCH.glob("*.py"))
    imported = subprocess.run(
        [sys.executable, "-c", f"import {', '.join(scripts)}"],
        cwd=BENCH,  # each script imports its neighbours, as it does when run
        env={**os.environ, "BASELINE_DATABASE": str(tmp_path / "rows.sqlite")},
        capture_output=True,
        text=True,
    )
    assert imported.returncode == 0, imported.stderr
    assert {"scale", "load", "lighthouse", "baseline"} <= set(scripts)


def test_load_explains_its_options():
    answer = subprocess.run(
        [sys.executable, "load.py", "--help"], cwd=BENCH, capture_output=True, text=True
    )
    assert answer.returncode == 0, answer.stderr
    assert "--databases" in answer.stdout and "--seconds" in answer.stdout
