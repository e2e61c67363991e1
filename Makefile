# Two commands: `make lab` sets up and opens the course, `make test` sets up and runs every check.
# Both use a virtual environment in .venv, made with the first python3 (3.10+) on PATH.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: lab test test-environments bench clean

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
	$(MAKE) --no-print-directory test-environments

# The course in pinned environments (environments/*.txt), each in its own .venv-NAME, installed the
# README's way from git (so the committed HEAD is what is tested): Colab's versions with Python 3.13,
# and the oldest versions pyproject.toml admits with Python 3.10.
test-environments:
	scripts/pinned_env.sh colab 3.13 tests/test_environment.py tests/test_data.py tests/test_widgets.py \
		tests/test_autograder_isolation.py
	scripts/pinned_env.sh oldest 3.10 tests/test_environment.py::test_installing_the_course_changed_no_pinned_package \
		tests/test_data.py tests/test_reference.py tests/test_fast.py tests/test_widgets.py tests/test_threads.py

# Training speed side by side (a few minutes; quote its output, timings are not tests).
bench: $(VENV)/.test
	$(BIN)/python benchmarks/train_speed.py

clean:
	rm -rf $(VENV) .venv-colab .venv-oldest
