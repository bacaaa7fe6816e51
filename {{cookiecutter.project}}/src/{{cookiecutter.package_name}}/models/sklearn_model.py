"""A scikit-learn gradient-boosting classifier, served by SageMaker's scikit-learn container."""

from sklearn.ensemble import HistGradientBoostingClassifier

FRAMEWORK = "sklearn"  # the SageMaker image_uris framework name
FRAMEWORK_VERSION = "1.9-0"  # the container whose scikit-learn the project pins


def build_model(seed: int, max_iter: int = 200, learning_rate: float = 0.1) -> HistGradientBoostingClassifier:
    """An unfitted classifier; the seed makes training reproducible."""
    return HistGradientBoostingClassifier(max_iter=max_iter, learning_rate=learning_rate, random_state=seed)
