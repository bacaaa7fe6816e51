"""The kit's one-time AWS account bootstrap (Pulumi): state backend, secrets key, GitHub OIDC, repository roles."""
