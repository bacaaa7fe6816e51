from pathlib import Path

import pytest
from cookiecutter.main import cookiecutter

KIT = Path(__file__).resolve().parents[1]


@pytest.fixture
def render(tmp_path):
    """Render the kit with extra answers into a fresh directory and return the generated project's path."""

    def _render(output_dir: Path | None = None, template: Path = KIT, **answers: str) -> Path:
        target = output_dir or tmp_path / "out"
        return Path(cookiecutter(str(template), no_input=True, output_dir=str(target), extra_context=answers))

    return _render
