"""The pipeline's steps: plain scripts with a testable main(), run alike in SageMaker and locally."""
