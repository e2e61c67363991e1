"""The course in a pinned environment of the places learners use (Colab): pins kept, every lesson runs.

`make test` builds environments/colab.txt with Python 3.13 in .venv-colab, installs the course as the
README's Colab cell does (pip install from git, dependencies included) and runs this file there, with
MNIST_FROM_SCRATCH_PINS naming the pins file, together with tests/test_data.py and tests/test_widgets.py.
In any other environment these tests are skipped.
"""

import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PINS = os.environ.get("MNIST_FROM_SCRATCH_PINS")
LESSONS = sorted((ROOT / "lessons").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_MODULES = re.compile(
    r"from widgets\.(digits|activations|inspector|dashboard|weights|evaluation|draw) import")
# What pip must leave alone: the widget and kernel stack whose versions decide what the front end renders.
WIDGET_STACK = ["ipywidgets", "anywidget", "numpy", "ipykernel", "ipython", "traitlets",
                "widgetsnbextension", "jupyterlab_widgets"]

pytestmark = pytest.mark.skipif(not PINS, reason="runs in a pinned environment: make test builds .venv-colab")


def pins():
    """{normalised name: version} of the pins file."""
    pinned = {}
    for line in Path(PINS).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pinned[normalise(name)] = version.strip()
    return pinned


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def test_installing_the_course_changed_no_pinned_package():
    installed = {normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    changed = {name: (version, installed.get(name)) for name, version in pins().items()
               if installed.get(name) != version}
    assert changed == {}, "pinned -> installed"


def test_the_course_is_imported_from_the_installed_package_not_the_work_tree():
    import widgets

    assert Path(widgets.__file__).resolve().parent.parent != ROOT
    assert metadata.version("mnist-from-scratch-widgets") == widgets.__version__


@pytest.fixture(scope="module")
def kernel_environment(tmp_path_factory):
    """Environment for the lessons' kernels: this interpreter first on PATH, a throwaway progress store."""
    bin_dir = str(Path(sys.executable).parent)
    store = tmp_path_factory.mktemp("progress") / "progress.sqlite3"
    return {"PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
            "MNIST_FROM_SCRATCH_PROGRESS": str(store)}


def execute(path, env):
    """Run a lesson top to bottom in a real kernel of this environment; return the executed notebook.

    A last cell reports the kernel's interpreter and widget stack, so the run proves where it ran.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json, sys\nfrom importlib import metadata\n"
        f"print(json.dumps([sys.executable, {{n: metadata.version(n) for n in {WIDGET_STACK!r}}}]))"
    ))
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return nb


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_runs_without_errors_and_shows_widgets_as_colab_renders_them(path, kernel_environment):
    nb = execute(path, kernel_environment)
    outputs = [(i, out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
               for out in cell.get("outputs", [])]
    errors = [(i, out.get("ename") or out.get("text", "")[:300]) for i, out in outputs
              if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr")]
    assert errors == []

    assert all(normalise(name) in pins() for name in WIDGET_STACK)
    executable, stack = json.loads(nb.cells[-1].outputs[-1].text)
    assert Path(executable).parent == Path(sys.executable).parent
    assert stack == {name: pins()[normalise(name)] for name in WIDGET_STACK}

    views = [(i, out) for i, out in outputs if WIDGET_VIEW in out.get("data", {})]
    if WIDGET_MODULES.search(path.read_text()):
        assert views, "this lesson shows widgets"
    states = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    if stack["ipywidgets"].startswith("7."):
        for i, out in views:
            # Colab renders widgets from display_data only; ipywidgets 7 sends every widget that way,
            # and its models are protocol 1.x (ipywidgets 8's controls are 2.0.0).
            assert out.output_type == "display_data", f"cell {i}: widget in {out.output_type}"
            model = states[out.data[WIDGET_VIEW]["model_id"]]
            if model["model_module"].startswith("@jupyter-widgets/"):
                assert model["model_module_version"].startswith("1."), (
                    f"cell {i}: {model['model_name']} {model['model_module_version']} is not ipywidgets 7's")
