"""Median render time of one project (the defaults) and of the whole option matrix. Usage: python render.py [runs]"""

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cookiecutter.main import cookiecutter

KIT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(KIT / "tests"))

from matrix import combinations  # noqa: E402


@contextlib.contextmanager
def hooks_silenced():
    """The post-generation hook prints next steps from a child process: point its stdout at /dev/null."""
    saved, devnull = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(devnull)


def render_seconds(answers_list: list[dict[str, str]]) -> float:
    with tempfile.TemporaryDirectory() as output, hooks_silenced():
        start = time.perf_counter()
        for index, answers in enumerate(answers_list):
            cookiecutter(str(KIT), no_input=True, output_dir=f"{output}/{index}", extra_context=answers)
        return time.perf_counter() - start


def main(runs: int) -> None:
    matrix = [answers for _, answers in combinations()]
    one = statistics.median(render_seconds([{}]) for _ in range(runs))
    whole = statistics.median(render_seconds(matrix) for _ in range(runs))
    print(f"one project: median {one:.3f} s over {runs} runs")
    print(
        f"whole matrix ({len(matrix)} projects): median {whole:.3f} s over {runs} runs "
        f"({whole / len(matrix):.3f} s per project)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
