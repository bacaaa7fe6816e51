"""An XGBoost classifier, served by SageMaker's XGBoost container."""

from xgboost import XGBClassifier

FRAMEWORK = "xgboost"  # the SageMaker image_uris framework name
FRAMEWORK_VERSION = "3.2-0"  # the container whose xgboost the project pins


def build_model(seed: int, max_iter: int = 200, learning_rate: float = 0.1) -> XGBClassifier:
    """An unfitted classifier; the seed and a single thread make training reproducible."""
    return XGBClassifier(n_estimators=max_iter, learning_rate=learning_rate, random_state=seed, n_jobs=1)
