import json
from pathlib import Path

import pandas as pd
import pytest

from {{ cookiecutter.package_name }} import sample_data
from {{ cookiecutter.package_name }}.steps import preprocess

VALID = "tenure_months,monthly_charges,support_calls,contract_months,churned\n"


def run(input_dir: Path, output_dir: Path) -> int:
    return preprocess.main(["--input-dir", str(input_dir), "--output-dir", str(output_dir)])


def test_valid_data_is_split_with_the_label_first_and_the_churn_rate_kept(tmp_path: Path):
    sample_data.write(tmp_path / "raw", rows=500)
    assert run(tmp_path / "raw", tmp_path / "out") == 0
    train = pd.read_csv(tmp_path / "out" / "train" / "train.csv")
    test = pd.read_csv(tmp_path / "out" / "test" / "test.csv")
    assert list(train.columns) == [preprocess.LABEL, *preprocess.FEATURES]
    assert (len(train), len(test)) == (400, 100)
    churn_rates = [frame[preprocess.LABEL].to_numpy().mean() for frame in (train, test)]
    assert abs(churn_rates[0] - churn_rates[1]) < 0.03


def test_the_split_is_reproducible(tmp_path: Path):
    sample_data.write(tmp_path / "raw", rows=300)
    for name in ("first", "second"):
        assert run(tmp_path / "raw", tmp_path / name) == 0
    for part in ("train/train.csv", "test/test.csv"):
        assert (tmp_path / "first" / part).read_bytes() == (tmp_path / "second" / part).read_bytes()


BAD_DATA = {
    "missing column": (VALID.replace(",support_calls", "") + "3,70.5,1,0\n", "lacks column 'support_calls'"),
    "wrong type": (VALID + "3,70.5,two,1,0\n", "column 'support_calls': value 'two' is invalid"),
    "empty value": (VALID + "3,,2,1,0\n", "column 'monthly_charges': value '' is invalid"),
    "negative": (VALID + "-3,70.5,2,1,0\n", "column 'tenure_months': value '-3' is invalid"),
    "unknown contract": (VALID + "3,70.5,2,6,0\n", "expected one of 1, 12, 24"),
    "label out of range": (VALID + "3,70.5,2,1,2\n", "column 'churned': value '2' is invalid, expected one of 0, 1"),
    "header only": (VALID, "has a header but no rows"),
    "empty file": ("", "is empty"),
}


@pytest.mark.parametrize("content, message", BAD_DATA.values(), ids=BAD_DATA.keys())
def test_bad_data_fails_with_one_clear_sentence_and_writes_nothing(tmp_path: Path, capsys, content: str, message: str):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "customers.csv").write_text(content)
    assert run(tmp_path / "raw", tmp_path / "out") == 1
    error = capsys.readouterr().err
    assert message in error and "customers.csv" in error
    assert not (tmp_path / "out").exists()


def test_the_error_names_the_data_row_in_the_file(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "customers.csv").write_text(VALID + "3,70.5,2,1,0\n" + "4,80.0,x,1,1\n")
    assert run(tmp_path / "raw", tmp_path / "out") == 1
    assert "row 3" in capsys.readouterr().err  # line 3 of the file: header, good row, bad row


def test_a_directory_without_csv_files_is_refused(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    assert run(tmp_path / "raw", tmp_path / "out") == 1
    assert "No CSV file found" in capsys.readouterr().err


def test_the_sample_data_is_deterministic_and_valid():
    first, second = sample_data.generate(rows=200), sample_data.generate(rows=200)
    pd.testing.assert_frame_equal(first, second)
    validated = preprocess.validate(first.astype(str), "sample")
    assert set(validated[preprocess.LABEL].tolist()) == {0, 1}


def test_the_manifest_names_the_content_not_the_keys_or_times(tmp_path: Path):
    sample_data.write(tmp_path / "raw", rows=50)
    first = preprocess.manifest(tmp_path / "raw")
    (tmp_path / "raw" / "_SUCCESS").write_text("")  # the batch marker is not data
    path = tmp_path / "raw" / sample_data.SAMPLE_FILE_NAME
    path.touch()  # a new modification time, the same bytes
    assert preprocess.manifest(tmp_path / "raw") == first
    assert [entry["name"] for entry in first["files"]] == [sample_data.SAMPLE_FILE_NAME]
    data = path.read_bytes()  # ends "...,<label>\n": flip the last customer's label
    path.write_bytes(data[:-2] + (b"1" if data[-2:-1] == b"0" else b"0") + data[-1:])
    assert preprocess.manifest(tmp_path / "raw")["sha256"] != first["sha256"]


def test_the_manifest_step_writes_what_preprocess_then_expects(tmp_path: Path, capsys):
    sample_data.write(tmp_path / "raw", rows=50)
    listing = ["--input-dir", str(tmp_path / "raw"), "--output-dir", str(tmp_path / "listed"), "--manifest-only"]
    assert preprocess.main(listing) == 0
    written = json.loads((tmp_path / "listed" / "manifest" / preprocess.MANIFEST_FILE).read_text())
    assert written == preprocess.manifest(tmp_path / "raw")
    split = ["--input-dir", str(tmp_path / "raw"), "--output-dir", str(tmp_path / "out")]
    assert preprocess.main([*split, "--expected-manifest", written["sha256"]]) == 0
    assert preprocess.main([*split, "--expected-manifest", "0" * 64]) == 1
    assert "changed after the Manifest step listed it" in capsys.readouterr().err


def test_a_manifest_of_no_data_fails_in_one_sentence(tmp_path: Path, capsys):
    (tmp_path / "raw").mkdir()
    listing = ["--input-dir", str(tmp_path / "raw"), "--output-dir", str(tmp_path), "--manifest-only"]
    assert preprocess.main(listing) == 1
    assert "No CSV file found" in capsys.readouterr().err
    assert not (tmp_path / "manifest").exists()
