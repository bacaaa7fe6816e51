"""A synthetic customer table with a learnable churn signal, generated from a seed: no download, same bytes each time.

Its columns are the preprocess step's schema. Churn grows with support calls and monthly charges and shrinks with
tenure and longer contracts, with noise, so a good model scores well but not perfectly.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from .steps.preprocess import FEATURES, LABEL

SAMPLE_FILE_NAME = "customers.csv"


def generate(rows: int = 2000, seed: int = 7) -> pd.DataFrame:
    """`rows` customers; the same seed always gives the same table."""
    rng = np.random.default_rng(seed)
    table = pd.DataFrame(
        {
            "tenure_months": rng.integers(0, 73, rows),
            "monthly_charges": np.round(rng.uniform(18.0, 120.0, rows), 2),
            "support_calls": rng.poisson(1.5, rows),
            "contract_months": rng.choice([1, 12, 24], rows, p=[0.5, 0.3, 0.2]),
        }
    )
    risk = (
        1.1 * table["support_calls"]
        + 0.05 * table["monthly_charges"]
        - 0.09 * table["tenure_months"]
        - 0.18 * table["contract_months"]
        - 1.6
    )
    churn_probability = 1.0 / (1.0 + np.exp(-(risk + rng.normal(0.0, 0.3, rows))))
    table[LABEL] = (rng.uniform(size=rows) < churn_probability).astype(int)
    return table.reindex(columns=[*FEATURES, LABEL])


def write(directory: Path, rows: int = 2000, seed: int = 7) -> Path:
    """The sample table as `directory/customers.csv`, the layout the preprocess step reads."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / SAMPLE_FILE_NAME
    generate(rows, seed).to_csv(path, index=False)
    return path
