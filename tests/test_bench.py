"""The bench scripts still import (they are only run by hand, so nothing else would notice an
import they lost), and bench/load.py explains itself. One process for both: importing the app
is most of the time."""

import importlib
import os
import subprocess
import sys

from youthhub.config import PROJECT_ROOT

BENCH = PROJECT_ROOT / "bench"
HELP = "import sys, load; sys.argv = ['load.py', '--help']; load.main()"


def test_every_bench_script_imports_and_load_explains_its_options(tmp_path):
    scripts = sorted(path.stem for path in BENCH.glob("*.py"))
    assert {"scale", "load", "lighthouse", "baseline"} <= set(scripts)
    answer = subprocess.run(
        [sys.executable, "-c", f"import {', '.join(scripts)}; {HELP}"],
        cwd=BENCH,  # each script imports its neighbours, as it does when run
        env={**os.environ, "BASELINE_DATABASE": str(tmp_path / "rows.sqlite")},
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stderr
    assert "--databases" in answer.stdout and "--seconds" in answer.stdout


def bench_module(name: str):
    sys.path.insert(0, str(BENCH))  # a bench script imports its neighbours, as when it runs
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCH))


def test_load_shows_the_pair_with_the_middle_ratio():
    load = bench_module("load")
    Pair, Result, middle_pair = load.Pair, load.Result, load.middle_pair

    def pair(page: float, baseline: float) -> Pair:
        rows = {"20 rows": Result(1, baseline, 1, 2)}
        return Pair(rows, Result(1, page, 1, 2), rows)

    pairs = [pair(300, 600), pair(100, 800), pair(400, 500)]  # 0.5, 0.125, 0.8
    assert middle_pair(pairs).ratio() == 0.5
    assert [round(each.ratio(), 3) for each in pairs] == [0.125, 0.5, 0.8]


def test_load_takes_a_page_against_its_baselines_on_either_side():
    load = bench_module("load")
    Pair, Result = load.Pair, load.Result
    # The machine sped up through the three runs: the baseline's run before the page's was
    # slower than the one after, and the page's own lies between them.
    before = {"20 rows": Result(1, 300, 30, 40), "20 rows, PostgreSQL": Result(1, 200, 40, 60)}
    after = {"20 rows": Result(1, 500, 20, 30), "20 rows, PostgreSQL": Result(1, 400, 30, 40)}
    measured = Pair(before, Result(1, 150, 50, 100), after)
    assert measured.baseline_rate() == 300  # the last baseline's: PostgreSQL's
    assert measured.ratio() == 0.5
    assert measured.ratio("20 rows") == 150 / 400
    assert measured.baseline_p99_ms() == 50


def test_settings_compares_each_round_with_its_own_neighbour():
    Result, Compared = bench_module("load").Result, bench_module("settings").Compared
    # The machine slowed down in the second round: both servers' runs with it.
    a = [Result(1, 400, 20, 40), Result(1, 220, 30, 90)]
    b = [Result(1, 320, 25, 70), Result(1, 200, 40, 120)]
    compared = Compared(a, b)
    assert compared.ratio() == (400 / 320 + 220 / 200) / 2
    line = compared.line("young person: home", "--threads 1", "--threads 4")
    assert "a [--threads 1]   310.0 req/s, p50  25.0, p99   65.0 ms" in line
    assert "b [--threads 4]   260.0 req/s" in line and line.endswith("a/b 1.18")


def test_instructions_names_the_pages_and_reads_callgrinds_totals():
    instructions = bench_module("instructions")

    young = instructions._page_names(["young person:"])
    assert young[:2] == ["young person: home", "young person: what's on"] and len(young) == 5
    assert instructions._page_names(["finance"]) == ["finance: payment queue"]
    out = "events: Ir\nsummary: 0\ntotals: 473950883\n"
    assert instructions.per_request(out, 40) == 11848772
