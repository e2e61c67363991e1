# Two commands: `make lab` sets up and opens the course, `make test` sets up and runs every check.
# Both use a virtual environment in .venv, made with the first python3 (3.10+) on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: lab test test-colab bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab: $(BIN)/python requirements.txt pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.lab
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# JupyterLab refuses to start as root unless told to; containers and cloud machines often run as root.
lab: $(VENV)/.lab
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) lessons/00_welcome.ipynb

# The lesson notebooks run as tests too (nbval): one BLAS thread, which is faster than several on a
# busy 2-core machine, and checks recorded in test-artifacts/ instead of the learner's own progress.
test: $(VENV)/.test
	$(BIN)/ruff check widgets tests benchmarks scripts
	$(BIN)/pytest
	OMP_NUM_THREADS=1 MNIST_FROM_SCRATCH_PROGRESS=$(CURDIR)/test-artifacts/progress.sqlite3 \
		$(BIN)/pytest --nbval-lax --nbval-current-env solutions lessons
	$(MAKE) --no-print-directory test-colab

# Colab's own package versions (environments/colab.txt) in .venv-colab, with Python 3.13 as on Colab.
# The course is installed the README's way, from git: the committed HEAD is what this tests.
COLAB_VENV := .venv-colab
COLAB_PYTHON ?= $(or $(lastword $(sort $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13))),\
	$(shell command -v python3.13 2>/dev/null))

$(COLAB_VENV)/.pins: environments/colab.txt
	rm -rf $(COLAB_VENV)
	$(COLAB_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))'
	$(COLAB_PYTHON) -m venv $(COLAB_VENV)
	$(COLAB_VENV)/bin/python -m pip install --quiet -r environments/colab.txt
	touch $@

ifeq ($(COLAB_PYTHON),)
test-colab:
	@echo "test-colab: no Python 3.13 found (set COLAB_PYTHON=/path/to/python3.13); Colab's environment not tested."
	@test -z "$(CI)"
else
test-colab: $(COLAB_VENV)/.pins
	$(COLAB_VENV)/bin/python -m pip uninstall --quiet --yes mnist-from-scratch-widgets
	$(COLAB_VENV)/bin/python -m pip install --quiet "git+file://$(CURDIR)"
	MNIST_FROM_SCRATCH_PINS=$(CURDIR)/environments/colab.txt $(COLAB_VENV)/bin/pytest -p no:cacheprovider \
		tests/test_environment.py tests/test_data.py tests/test_widgets.py
endif

# Training speed side by side (a few minutes; quote its output, timings are not tests).
bench: $(VENV)/.test
	$(BIN)/python benchmarks/train_speed.py

clean:
	rm -rf $(VENV) $(COLAB_VENV)
