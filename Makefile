# Development and CI entry points for the divalto.cloud collection.
# `make test` is what CI runs (.ci/run): scripts/test.sh sets everything up,
# runs every tier and ends with a table of wall times and results. Every
# other target first runs `setup`, which is idempotent and quick once done
# (scripts/setup.sh). `make distclean && make test` is a run on a clean machine.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
# `make test` runs its steps in the order written, stopping at the first failure.
.NOTPARALLEL:

PYTHON_VERSION := 3.11
VENV := $(CURDIR)/.venv
BUILD := $(CURDIR)/.build
# ansible-test must run from a path ending in ansible_collections/NS/NAME.
SRC := $(BUILD)/src/ansible_collections/divalto/cloud

export PATH := $(VENV)/bin:$(PATH)
# Ansible refuses a non-UTF-8 locale; Python 3.11 coerces an unset one to C.UTF-8 anyway.
LANG ?= C.UTF-8
export LANG
export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_ROLES_PATH := $(CURDIR)/roles
export CONTAINERS_CONF := $(BUILD)/containers.conf

# ansible-test sets its own config and collection paths (the dependency
# collections are linked next to the source copy by scripts/build-collection.sh).
ANSIBLE_TEST := cd $(SRC) && env -u ANSIBLE_CONFIG -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_ROLES_PATH ansible-test

.PHONY: help setup build sanity lint changelog-lint units contract integration importer images molecule molecule-under-load test demo bench golden clean distclean awx-config

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

setup: ## Install tools and dependencies, build and install the collection
	@scripts/setup.sh

build: setup ## Build the collection tarball and install it (done by setup)
	@ls $(BUILD)/dist/*.tar.gz

# --skip-test pslint: PowerShell's linter needs pwsh and PSScriptAnalyzer,
# which come from Microsoft's package repository and the PowerShell Gallery,
# neither reachable here (not in Debian or PyPI). ansible-test would skip it
# anyway, with a warning, once .ps1 files exist; there are none today.
sanity: setup ## ansible-test sanity on the source copy
	$(ANSIBLE_TEST) sanity --python $(PYTHON_VERSION) --local --color no --skip-test pslint

lint: setup ## yamllint, ruff, mypy over the core, the Windows lint (tools/windows_lint.py), ansible-lint (offline)
	yamllint -s .
	ruff check .
	ruff format --check .
	scripts/mypy.sh
	python tools/windows_lint.py
	@# A home of its own: ansible-lint (and Molecule) may install a copy of this
	@# collection under ~/.ansible/collections, which would shadow the tree being linted.
	mkdir -p $(BUILD)/lint-home
	HOME=$(BUILD)/lint-home ansible-lint --offline

changelog-lint: setup ## Check changelog fragments and changelog.yaml
	antsibull-changelog lint

units: setup ## ansible-test units in a fresh venv with tests/unit/requirements.txt
	$(ANSIBLE_TEST) units --venv --python $(PYTHON_VERSION) --requirements --color no

contract: setup ## Check every task's module arguments against ansible-doc (tests/contract)
	cd $(CURDIR) && python -m pytest -p no:cacheprovider tests/contract

integration: setup ## ansible-test integration, when tests/integration/targets has targets
	@if compgen -G 'tests/integration/targets/*/' >/dev/null; then \
	  $(ANSIBLE_TEST) integration --local --python $(PYTHON_VERSION) --color no; \
	else \
	  echo "==> No integration targets under tests/integration/targets yet: nothing to run."; \
	fi

importer: setup ## galaxy-importer (Galaxy's upload checks) on the built tarball
	scripts/importer.sh

images: setup ## Build the Molecule scenarios' podman images (each only when its recipe changed)
	MOLECULE_IMAGES_ONLY=1 scripts/molecule.sh

molecule: setup ## Build the podman images, run the Molecule scenarios (all, or SCENARIOS="a b")
	SCENARIOS="$(SCENARIOS)" scripts/molecule.sh

molecule-under-load: setup ## The Molecule tier RUNS times (default 3) while stress-ng keeps every core busy
	RUNS="$(RUNS)" scripts/molecule-under-load.sh

test: ## Everything CI runs: setup, then every tier, then a table of wall times and results
	scripts/test.sh

demo: setup ## Show the example inventory and run the platform summary playbook
	ansible-inventory -i inventories/example/tenants.yml --graph
	ansible-playbook -i inventories/example/tenants.yml playbooks/platform_summary.yml

# Every benchmark runs even when one misses a target; the target fails at the end if any did.
# BENCH_SIZES: the tenant counts of playbook_scale.py (e.g. make bench BENCH_SIZES=500,1000).
BENCH_SIZES ?= 500,1000,2000
bench: setup ## Benchmarks: inventory scale, rollout planning, playbook scale (not part of the tests)
	@status=0; \
	python benchmarks/inventory_scale.py || status=$$?; \
	PYTHONPATH=$(BUILD)/collections python benchmarks/rollout_plan.py || status=$$?; \
	python benchmarks/playbook_scale.py --sizes $(BENCH_SIZES) || status=$$?; \
	exit $$status

golden: setup ## Regenerate every golden file, check them, list what changed for review (scripts/golden.sh)
	scripts/golden.sh

awx-config: setup ## Render what awx_configure.yml applies into one YAML file for review (docs/awx.md)
	python tools/awx-config --output tests/unit/plugins/module_utils/fixtures/awx_config/example.yml

clean: ## Remove everything setup and the tests made in this checkout (not the podman images)
	rm -rf .venv .build .cache tests/output importer_result.json .pytest_cache .ruff_cache .hypothesis reports
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Back to a clean machine for this project: clean, plus podman state and caches under ~ (scripts/distclean.sh)
	scripts/distclean.sh
