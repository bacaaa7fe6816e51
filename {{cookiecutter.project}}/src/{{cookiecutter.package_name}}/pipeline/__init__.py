"""The SageMaker pipeline definition and its Docker-free local runner."""
