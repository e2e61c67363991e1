#!/usr/bin/env bash
# Test the course in a pinned environment:  scripts/pinned_env.sh NAME PYTHON_VERSION PYTEST_ARGS...
#
# Builds .venv-NAME from environments/NAME.txt with Python PYTHON_VERSION (pyenv's, or pythonX.Y on
# PATH; rebuilt only when the pins file changes), installs the course from git the way the README
# says (so the committed HEAD is what is tested, with its dependencies), then runs pytest there with
# MNIST_FROM_SCRATCH_PINS naming the pins file (tests/test_environment.py checks no pin moved).
# Without that Python it says so and succeeds, except on CI, where it fails.
set -euo pipefail
name=$1 version=$2
shift 2
pins=environments/$name.txt
venv=.venv-$name

python=""
for candidate in "$HOME"/.pyenv/versions/"$version"*/bin/python"$version" "python$version"; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, sys.argv[1].split("."))))' \
        "$version" 2>/dev/null; then
        python=$candidate
    fi
done
if [ -z "$python" ]; then
    echo "pinned_env: no Python $version found; the $name environment ($pins) is not tested."
    [ -z "${CI:-}" ]
    exit
fi

stamp=$venv/.pins-$(sha256sum "$pins" | cut -c1-16)
if [ ! -e "$stamp" ]; then
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet -r "$pins"
    touch "$stamp"
fi
"$venv/bin/python" -m pip uninstall --quiet --yes mnist-from-scratch-widgets
"$venv/bin/python" -m pip install --quiet "git+file://$PWD"
echo "pinned_env: $name ($pins) with $("$venv/bin/python" --version)"
MNIST_FROM_SCRATCH_PINS=$PWD/$pins exec "$venv/bin/pytest" -p no:cacheprovider "$@"
