"""Entry point of `pulumi up` in infra/: the wiring lives in bootstrap.program, where the tests run it under mocks."""

from bootstrap.program import main

main()
