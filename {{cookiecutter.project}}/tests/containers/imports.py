"""What a SageMaker job's code imports, against what its image and the code shipped with it provide.

The image's package set is `requirements/container.txt` (the image's own lock, with its provenance). A job ships
only its code: a processing job its one script, the training job its bundle (`pipeline/code.py`), the endpoint the
model's `code/` directory. Any other import fails in SageMaker, where jobs run without network and nothing can be
installed. Standard-library modules are this interpreter's (`sys.stdlib_module_names`): the image's Python may
differ by a minor version.
"""

import ast
import io
import pickle
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.metadata import packages_distributions
from pathlib import Path

CONTAINER_SET = Path(__file__).resolve().parents[2] / "requirements" / "container.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
_HEADER = re.compile(r"^# (image|python): (\S+)$", re.MULTILINE)


def _normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()  # PEP 503


@dataclass(frozen=True)
class Image:
    name: str
    python: str
    packages: Mapping[str, str]  # normalized distribution name → version

    @classmethod
    def read(cls, path: Path = CONTAINER_SET) -> "Image":
        text = path.read_text()
        header = dict(_HEADER.findall(text))
        return cls(header["image"], header["python"], {_normalized(n): v for n, v in _PIN.findall(text)})

    def provides(self, top_level_module: str) -> bool:
        distributions = packages_distributions().get(top_level_module, [])
        return any(_normalized(distribution) in self.packages for distribution in distributions)


def imports(archive_name: str, source: str) -> Iterator[tuple[str, str | None]]:
    """(module, name) of each import in `source`: name is what `from module import name` takes, else None.

    Relative imports are resolved by the file's archive path, as Python resolves them in the unpacked bundle."""
    package = archive_name.removesuffix(".py").split("/")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base)
            yield from ((module, alias.name) for alias in node.names)


def unavailable_imports(job: str, shipped: Mapping[str, Path], image: Image) -> list[str]:
    """One sentence per import of `shipped` (archive name → file) that neither the image nor the job's code has."""
    lacking = f"which neither {image.name} nor its code has"
    return [
        f"{job}: {archive_name} imports {'.'.join(filter(None, (module, name)))}, {lacking}"
        for archive_name, path in sorted(shipped.items())
        for module, name in imports(archive_name, path.read_text())
        if not _available(module, name, shipped, image)
    ]


def _available(module: str, name: str | None, shipped: Mapping[str, Path], image: Image) -> bool:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or image.provides(top):
        return True
    source = _file_of(module, shipped)
    if source is None or name is None:
        return source is not None
    return _file_of(f"{module}.{name}", shipped) is not None or name in _top_level_names(source)


def _file_of(module: str, shipped: Mapping[str, Path]) -> Path | None:
    path = module.replace(".", "/")
    return shipped.get(f"{path}.py") or shipped.get(f"{path}/__init__.py")


def _top_level_names(source: Path) -> set[str]:
    """What `from <module> import name` finds in a module: its top-level definitions, assignments and imports."""
    names: set[str] = set()
    for node in ast.parse(source.read_text()).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(target.id for target in targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names


def modules_the_image_lacks(payload: bytes, image: Image) -> list[str]:
    """The modules that unpickling `payload` (a trusted pickle) imports and that the image does not have."""
    return sorted(m for m in _pickled_modules(payload) if not _available(m, None, {}, image) and m != "builtins")


def _pickled_modules(payload: bytes) -> set[str]:
    modules: set[str] = set()

    class Recorder(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> object:
            modules.add(module)
            return super().find_class(module, name)

    Recorder(io.BytesIO(payload)).load()
    return modules
