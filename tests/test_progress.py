"""The progress store: survives restarts, two writers at once, corrupt, locked and read-only files."""

import os
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from widgets import progress, reference
from widgets.autograder import check
from widgets.autograder.feedback import CheckResult


@pytest.fixture(autouse=True)
def store(tmp_path, monkeypatch):
    path = tmp_path / "progress.sqlite3"
    monkeypatch.setenv(progress.ENV_VAR, str(path))
    return path


def statuses():
    table, warning = progress.progress_table()
    assert warning is None
    return {row["exercise"]: row for row in table}


def test_store_path_follows_the_environment_variable(store, tmp_path, monkeypatch):
    assert progress.store_path() == store
    monkeypatch.setenv(progress.ENV_VAR, str(tmp_path))
    assert progress.store_path() == tmp_path / progress.FILE_NAME
    monkeypatch.delenv(progress.ENV_VAR)
    assert progress.store_path().name == progress.FILE_NAME
    assert progress.APP_DIR in str(progress.store_path())


def test_checks_are_recorded_and_the_table_lists_every_exercise(store):
    check(reference.ReLU)
    check(reference.softmax)
    broken = check(lambda Z: Z, exercise="softmax")
    assert broken.progress_warning is None
    rows = statuses()
    assert len(rows) == 13 and set(rows) >= {"ReLU", "softmax", "gradient_descent", "cross_entropy"}
    assert rows["ReLU"]["status"] == "passed" and rows["ReLU"]["attempts"] == 1
    assert rows["softmax"]["status"] == "incorrect" and rows["softmax"]["passed_once"]
    assert rows["softmax"]["attempts"] == 2 and rows["softmax"]["last_attempt"]
    assert rows["pad"]["status"] == "not attempted" and rows["pad"]["attempts"] == 0
    assert rows["ReLU"]["lesson"] == "02 activations" and rows["init_params"]["lesson"] == "07 beyond"


def test_progress_survives_a_new_process(store):
    check(reference.one_hot)
    code = (
        "from widgets import progress; t, w = progress.progress_table(); "
        "print([r['status'] for r in t if r['exercise'] == 'one_hot'][0], w)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, check=True
    )
    assert out.stdout.split() == ["passed", "None"]


def test_show_progress_prints_a_table_outside_notebooks(store, capsys):
    check(reference.pad)
    progress.show_progress()
    text = capsys.readouterr().out
    assert "pad" in text and "✓ passed" in text and "not attempted" in text and "1 of 13" in text
    table, warning = progress.progress_table()
    html = progress.ProgressView(table, warning)._repr_html_()
    assert "<table" in html and "1/2" in html  # lesson 03 has pad and forward_prop


def test_two_processes_writing_at_once_lose_nothing(store):
    writer = textwrap.dedent(
        """
        import sys
        from widgets import progress
        from widgets.autograder.feedback import CheckResult
        for i in range(60):
            warning = progress.record(CheckResult(exercise="ReLU", status="passed"))
            if warning:
                print(warning)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, env=os.environ)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60)[0] for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert outputs == ["", ""]
    assert statuses()["ReLU"]["attempts"] == 120


def test_a_corrupt_store_is_reported_moved_aside_and_replaced(store):
    store.write_bytes(b"this is not a database, just some bytes " * 100)
    result = check(reference.ReLU)
    assert result.passed
    assert "damaged" in result.progress_warning and "moved to" in result.progress_warning
    assert "Warning:" in str(result) and "damaged" in result._repr_html_()
    assert list(store.parent.glob("progress.sqlite3.corrupt-*"))
    assert check(reference.ReLU).progress_warning is None
    assert statuses()["ReLU"]["attempts"] == 2


def test_a_locked_store_never_breaks_grading(store):
    progress.record(CheckResult(exercise="ReLU", status="passed"))
    holder = sqlite3.connect(store)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = check(reference.softmax)
    finally:
        holder.rollback()
        holder.close()
    assert result.passed
    assert "not saved" in result.progress_warning and "locked" in result.progress_warning
    assert str(result).count("Warning:") == 1


def test_an_unwritable_location_never_breaks_grading(tmp_path, monkeypatch):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(progress.ENV_VAR, str(blocker / "progress.sqlite3"))
    result = check(reference.ReLU)
    assert result.passed
    assert "not saved" in result.progress_warning and progress.ENV_VAR in result.progress_warning


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_folder_never_breaks_grading(tmp_path, monkeypatch):
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv(progress.ENV_VAR, str(folder / "progress.sqlite3"))
    try:
        result = check(reference.ReLU)
    finally:
        folder.chmod(0o700)
    assert result.passed and "not saved" in result.progress_warning


def test_an_unreadable_store_still_shows_the_table(store):
    store.write_bytes(b"garbage" * 50)
    table, warning = progress.progress_table()
    assert len(table) == 13 and all(row["status"] == "not attempted" for row in table)
    assert "could not be read" in warning


def test_an_unexpected_failure_while_saving_still_returns_feedback(monkeypatch):
    def broken(result):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(progress, "record", broken)
    result = check(reference.ReLU)
    assert result.passed and "disk on fire" in result.progress_warning
