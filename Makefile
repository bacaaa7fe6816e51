# The kit's one task runner: the README, .ci/run and the kit's GitHub workflow call these targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= build/demo
DEMO_PROJECT := $(DEMO_DIR)/customer-churn
KIT_CODE := $(wildcard hooks tests benchmarks infra local_extensions.py)

.DEFAULT_GOAL := help
.PHONY: help install demo test lint docs locks bench clean
RUNS ?= 5

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==0.13.8

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r pyproject.toml
	touch $@

install: $(VENV)/.installed  ## create .venv with the kit's tools

demo: install  ## render the default project into build/demo, install it, run its `make check` and `make local`
	rm -rf $(DEMO_DIR)
	$(BIN)/cookiecutter --no-input --output-dir $(DEMO_DIR) . $(DEMO_ANSWERS)
	$(MAKE) -C $(DEMO_PROJECT) check
	$(MAKE) -C $(DEMO_PROJECT) local
	$(BIN)/python benchmarks/summary.py $(DEMO_PROJECT)

test: install  ## the kit's test suite: hooks, render matrix, generated project, bootstrap, docs
	$(BIN)/pytest -n 2 --dist loadgroup

lint: install  ## ruff on the kit's own code
	$(BIN)/ruff check $(KIT_CODE)
	$(BIN)/ruff format --check $(KIT_CODE)

docs: install  ## build the documentation site into build/site
	$(BIN)/mkdocs build --strict --site-dir build/site

# Each framework renders a project whose own `make lock` resolves its requirements; the results become the locks
# the template includes (templates/requirements) and its uv pin. Both Python versions resolve alike (a kit test
# re-resolves every combination against these files).
LOCK_DIR := build/locks
locks: install  ## re-resolve the generated projects' hash-pinned requirements, one lock per model framework
	mkdir -p templates/requirements
	for framework in scikit-learn xgboost; do \
		lock=templates/requirements/$$framework.txt && touch $$lock && rm -rf $(LOCK_DIR) && \
		$(BIN)/cookiecutter --no-input --output-dir $(LOCK_DIR) . model_framework=$$framework \
		&& $(MAKE) -C $(LOCK_DIR)/customer-churn --no-print-directory lock UPGRADE=1 PYTHON=$(PYTHON) \
		&& cp $(LOCK_DIR)/customer-churn/requirements/project.txt $$lock || exit 1; \
	done
	cp $(LOCK_DIR)/customer-churn/requirements/uv.txt "{{cookiecutter.project}}/requirements/uv.txt"

bench: install  ## median render time of one project and of the whole option matrix
	$(BIN)/python benchmarks/render.py $(RUNS)

clean:  ## remove environments, build outputs and caches (a cache left in the template would be rendered)
	rm -rf $(VENV) build .pytest_cache .ruff_cache
	find hooks tests infra "{{cookiecutter.project}}" -name __pycache__ -o -name .ruff_cache -o -name .pytest_cache \
		| xargs rm -rf
