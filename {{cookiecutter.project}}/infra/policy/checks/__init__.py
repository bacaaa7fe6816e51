"""checkov checks of this kit, loaded with `--external-checks-dir` (checkov needs this file to load the folder)."""
