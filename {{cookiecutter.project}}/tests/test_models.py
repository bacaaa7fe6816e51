import numpy as np

from {{ cookiecutter.package_name }}.models import build_model


def test_training_is_reproducible_with_a_seed():
    rng = np.random.default_rng(0)
    features = rng.normal(size=(200, 4))
    labels = (features[:, 0] + features[:, 1] > 0).astype(int)
    first = build_model(seed=7, max_iter=20).fit(features, labels).predict_proba(features)
    second = build_model(seed=7, max_iter=20).fit(features, labels).predict_proba(features)
    np.testing.assert_array_equal(first, second)
