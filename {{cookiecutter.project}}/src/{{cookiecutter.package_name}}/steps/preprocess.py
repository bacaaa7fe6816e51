"""Preprocess: validate the raw CSV files against the schema, then split them into a train and a test set.

A SageMaker processing job runs this file on its own (`python3 preprocess.py`), so it imports nothing from the
package. Its defaults are the processing container's paths; the local runner passes a work directory instead.
Bad data stops the step before anything is written, with one sentence naming the file, column, row and rule.

The pipeline's Manifest step runs it first with `--manifest-only`: the digest of the files it will read becomes
Preprocess's `--expected-manifest` argument, so step caching (keyed on the arguments, not on what an S3 prefix
holds) can only reuse a split of the same data, and Preprocess refuses data that changed in between.
"""

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

FEATURES = ("tenure_months", "monthly_charges", "support_calls", "contract_months")
LABEL = "churned"
ALLOWED_VALUES = {"contract_months": (1, 12, 24), LABEL: (0, 1)}
MANIFEST_FILE = "manifest.json"


class DataError(ValueError):
    """The input breaks the schema; the message says where and how."""


def csv_files(input_dir: Path) -> list[Path]:
    """The CSV files directly under `input_dir`, in name order: all this step reads."""
    files = sorted(input_dir.glob("*.csv"))
    if not files:
        raise DataError(f"No CSV file found in {input_dir}: the input data must be one or more .csv files.")
    return files


def manifest(input_dir: Path) -> dict[str, Any]:
    """Each file's name, size and SHA-256, and one SHA-256 of that list: the data's identity, whatever its keys."""
    files = []
    for path in csv_files(input_dir):
        with path.open("rb") as content:
            digest = hashlib.file_digest(content, "sha256").hexdigest()
        files.append({"name": path.name, "bytes": path.stat().st_size, "sha256": digest})
    listing = json.dumps(files, sort_keys=True, separators=(",", ":")).encode()
    return {"sha256": hashlib.sha256(listing).hexdigest(), "files": files}


def check_manifest(input_dir: Path, expected: str) -> None:
    found = manifest(input_dir)["sha256"]
    if found != expected:
        raise DataError(f"The input data changed after the Manifest step listed it (manifest {expected}, now "
                        f"{found}): start the run again once the batch is complete.")  # fmt: skip


def load_raw(input_dir: Path) -> pd.DataFrame:
    """Every CSV file under `input_dir`, validated and concatenated in name order."""
    return pd.concat([validate(_read_csv(path), path.name) for path in csv_files(input_dir)], ignore_index=True)


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path.name} is empty: expected a header row and at least one data row.") from None


def validate(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """The label and feature columns as numbers, or a DataError naming the first rule broken."""
    missing = [column for column in (*FEATURES, LABEL) if column not in frame.columns]
    if missing:
        raise DataError(f"{source} lacks column {missing[0]!r}: required columns are {', '.join((*FEATURES, LABEL))}.")
    if frame.empty:
        raise DataError(f"{source} has a header but no rows: expected at least one data row.")
    # The label leads, SageMaker's convention for training CSV; train and evaluate rely on it.
    columns = (LABEL, *FEATURES)
    return pd.DataFrame({column: _numeric_column(cast(pd.Series, frame[column]), source) for column in columns})


def _numeric_column(values: pd.Series, source: str) -> pd.Series:
    column = str(values.name)
    numbers = np.asarray(pd.to_numeric(values.str.strip(), errors="coerce"), dtype=float)
    bad = ~np.isfinite(numbers)  # unparsable values became NaN
    if column in ALLOWED_VALUES:
        bad |= ~np.isin(numbers, ALLOWED_VALUES[column])
        rule = f"expected one of {', '.join(map(str, ALLOWED_VALUES[column]))}"
    else:
        bad |= np.nan_to_num(numbers) < 0
        rule = "expected a non-negative number"
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise DataError(f"{source} row {row + 2}, column {column!r}: value {values.iloc[row]!r} is invalid, {rule}.")
    return pd.Series(numbers.astype(int) if column in ALLOWED_VALUES else numbers, index=values.index, name=column)


def split(data: pd.DataFrame, test_fraction: float, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded split stratified by label, so both sets keep the churn rate."""
    rng = np.random.default_rng(seed)
    test_rows = []
    for _, group in data.groupby(LABEL):
        size = max(1, round(len(group) * test_fraction))
        test_rows.extend(rng.choice(group.index.to_numpy(), size=size, replace=False))
    test = data.loc[sorted(test_rows)]
    return data.drop(index=test.index), test


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--input-dir", type=Path, default=Path("/opt/ml/processing/input/data"))
    parser.add_argument("--output-dir", type=Path, default=Path("/opt/ml/processing/output"))
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--manifest-only", action="store_true", help=f"write <output-dir>/manifest/{MANIFEST_FILE}")
    parser.add_argument("--expected-manifest", help="fail unless the input's manifest has this SHA-256")
    return parser.parse_args(argv)


def write_manifest(input_dir: Path, output_dir: Path) -> int:
    listed = manifest(input_dir)
    (output_dir / "manifest").mkdir(parents=True, exist_ok=True)
    (output_dir / "manifest" / MANIFEST_FILE).write_text(json.dumps(listed, indent=2) + "\n")
    print(f"preprocess: manifest of {len(listed['files'])} files, sha256 {listed['sha256']}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.manifest_only:
            return write_manifest(args.input_dir, args.output_dir)
        if args.expected_manifest is not None:
            check_manifest(args.input_dir, args.expected_manifest)
        data = load_raw(args.input_dir)
    except DataError as error:
        print(f"preprocess: {error}", file=sys.stderr)
        return 1
    train, test = split(data, args.test_fraction, args.seed)
    for name, frame in (("train", train), ("test", test)):
        (args.output_dir / name).mkdir(parents=True, exist_ok=True)
        frame.to_csv(args.output_dir / name / f"{name}.csv", index=False)
    print(f"preprocess: {len(data)} valid rows -> {len(train)} train, {len(test)} test")
    return 0


if __name__ == "__main__":
    sys.exit(main())
