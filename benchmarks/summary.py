"""Print what `make demo` produced: the generated project's files by top-level folder and its build outputs."""

import sys
from collections import Counter
from pathlib import Path

SKIP = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"}


def main(project: Path) -> None:
    files = [path for path in project.rglob("*") if path.is_file() and not SKIP & set(path.parts)]
    by_folder = Counter(
        path.relative_to(project).parts[0] if len(path.relative_to(project).parts) > 1 else "." for path in files
    )
    print(f"\nGenerated {project} ({len(files)} files, its .venv installed and `make check` passed):")
    for folder, count in sorted(by_folder.items()):
        print(f"  {folder + '/':<22} {count:>4} files")
    outputs = (
        sorted(path for path in (project / "build").rglob("*") if path.is_file())
        if (project / "build").exists()
        else []
    )
    for path in outputs:
        print(f"  built: {path.relative_to(project)} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
