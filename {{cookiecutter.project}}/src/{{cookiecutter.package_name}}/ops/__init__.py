"""boto3 operations the workflows call and people run by hand: `{{ cookiecutter.package_name }} ops <command>`.

Each module holds one concern (registry, pipeline runs, endpoints and their verification, smoke and load tests, the
serving stack); `commands.py` wires them into the CLI. None imports the SageMaker SDK, so the commands start fast.
"""
