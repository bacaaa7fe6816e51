"""The inference handler loaded by the SageMaker framework container."""
