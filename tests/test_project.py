"""The promises the README makes about setup: one command to open, one to test, Binder in step with both."""

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def requirement_lines(path):
    return [
        line.strip()
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]


def test_binder_installs_what_learners_install():
    local = [line for line in requirement_lines(ROOT / "requirements.txt") if line != "-e ."]
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == local
    assert "-e ." in requirement_lines(ROOT / "requirements.txt")
    assert "pip install --no-deps -e ." in (ROOT / "binder" / "postBuild").read_text()


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI's interpreter defines the Python that Binder pins")
def test_binder_pins_the_python_minor_version_ci_uses():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"


def test_readme_quick_start_commands_are_the_makefile_targets_ci_runs():
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make (\w+)", quick_start, flags=re.MULTILINE)
    assert commands == ["lab", "test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^lab:", makefile, flags=re.MULTILINE)
    assert re.search(r"^test:", makefile, flags=re.MULTILINE)
    ci_commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip().startswith("make ")
    ]
    assert ci_commands == ["make test"]


def test_binder_badge_opens_the_first_lesson():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"mybinder\.org/v2/gh/[^)]*urlpath=lab/tree/([^)\s]+)", readme)
    assert badge, "README needs a Binder badge that opens JupyterLab"
    first_lesson = ROOT / badge.group(1)
    assert first_lesson.name == "00_welcome.ipynb" and first_lesson.is_file()
    assert "lessons/00_welcome.ipynb" in (ROOT / "Makefile").read_text()
