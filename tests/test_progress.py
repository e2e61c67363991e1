"""The progress store: survives restarts, two writers at once, corrupt, locked and read-only files."""

import os
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from widgets import progress, reference
from widgets.autograder import EXERCISES, check
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
    assert len(rows) == len(EXERCISES) >= 14
    assert set(rows) >= {"ReLU", "softmax", "gradient_descent", "cross_entropy", "relative_error"}
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
    assert "pad" in text and "✓ passed" in text and "not attempted" in text
    assert f"1 of {len(EXERCISES)}" in text
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
    assert len(table) == len(EXERCISES) and all(row["status"] == "not attempted" for row in table)
    assert "could not be read" in warning


def test_an_unexpected_failure_while_saving_still_returns_feedback(monkeypatch):
    def broken(result):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(progress, "record", broken)
    result = check(reference.ReLU)
    assert result.passed and "disk on fire" in result.progress_warning


# Faults: only real damage to a store of ours moves a file; nothing else at the path is touched


def _digest(path):
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _newer_store(path, extra_column, version=progress.SCHEMA_VERSION + 1):
    con = sqlite3.connect(path)
    with con:
        con.execute(
            "CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, exercise TEXT NOT NULL, "
            "name TEXT NOT NULL, source TEXT NOT NULL, at TEXT NOT NULL, learner TEXT, "
            "forgotten INTEGER NOT NULL DEFAULT 0)"
        )
        con.execute(
            "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, exercise TEXT NOT NULL, "
            "lesson TEXT NOT NULL, status TEXT NOT NULL, diagnosis TEXT, at TEXT NOT NULL, learner TEXT, "
            f"{extra_column})"
        )
        con.execute(
            "INSERT INTO attempts (exercise, lesson, status, at) VALUES "
            "('ReLU', '02 activations', 'passed', '2026-01-01T00:00:00+00:00')"
            if "NOT NULL" not in extra_column
            else "INSERT INTO attempts (exercise, lesson, status, at, course) VALUES "
            "('ReLU', '02 activations', 'passed', '2026-01-01T00:00:00+00:00', 'x')"
        )
        con.execute(f"PRAGMA application_id = {progress.APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {version}")
    con.close()


def test_a_newer_store_that_refuses_a_row_is_left_alone_and_still_read(store):
    _newer_store(store, "course TEXT NOT NULL")  # IntegrityError for a row without `course`
    before = _digest(store)
    result = check(reference.softmax)
    assert result.passed and "not saved" in result.progress_warning
    assert _digest(store) == before and not list(store.parent.glob("*.corrupt-*"))
    assert statuses()["ReLU"]["attempts"] == 1


def test_a_newer_store_with_the_columns_we_need_is_written(store):
    _newer_store(store, "device TEXT")
    assert check(reference.softmax).progress_warning is None
    rows = statuses()
    assert rows["ReLU"]["attempts"] == 1 and rows["softmax"]["attempts"] == 1


def test_a_newer_store_without_our_columns_is_left_alone(store):
    con = sqlite3.connect(store)
    with con:
        con.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, task TEXT, outcome TEXT)")
        con.execute(f"PRAGMA application_id = {progress.APPLICATION_ID}")
        con.execute("PRAGMA user_version = 7")
    con.close()
    before = _digest(store)
    warning = check(reference.ReLU).progress_warning
    assert "newer version of the course" in warning
    assert _digest(store) == before and not list(store.parent.glob("*.corrupt-*"))


@pytest.mark.parametrize("kind", ["notebook", "another_database"])
def test_a_file_that_is_not_a_store_is_never_renamed_or_overwritten(tmp_path, monkeypatch, kind):
    target = tmp_path / ("lesson.ipynb" if kind == "notebook" else "photos.db")
    if kind == "notebook":
        target.write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    else:
        con = sqlite3.connect(target)
        with con:
            con.execute("CREATE TABLE photos (name TEXT)")
        con.close()
    monkeypatch.setenv(progress.ENV_VAR, str(target))
    before = _digest(target)
    result = check(reference.ReLU)
    assert result.passed
    assert "not a progress store" in result.progress_warning or "another program" in result.progress_warning
    assert progress.ENV_VAR in result.progress_warning
    assert _digest(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_a_zero_byte_store_is_an_empty_history(store):
    store.write_bytes(b"")
    assert progress.load_attempts() == ([], None)
    assert check(reference.ReLU).progress_warning is None
    assert statuses()["ReLU"]["attempts"] == 1


def test_a_store_from_before_the_learner_column_is_upgraded_in_place(store):
    con = sqlite3.connect(store)
    with con:
        con.execute(
            "CREATE TABLE attempts (id INTEGER PRIMARY KEY AUTOINCREMENT, exercise TEXT NOT NULL, "
            "lesson TEXT NOT NULL, status TEXT NOT NULL, diagnosis TEXT, at TEXT NOT NULL)"
        )
        con.execute(
            "INSERT INTO attempts (exercise, lesson, status, at) VALUES "
            "('pad', '03 forward prop', 'passed', '2026-01-01T00:00:00+00:00')"
        )
    con.close()
    assert check(reference.ReLU).progress_warning is None
    rows = statuses()
    assert rows["pad"]["attempts"] == 1 and rows["ReLU"]["attempts"] == 1


def test_rows_carry_the_hub_user_and_nothing_shows_it(store, monkeypatch):
    check(reference.ReLU)
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    check(reference.softmax)
    con = sqlite3.connect(store)
    assert con.execute("SELECT exercise, learner FROM attempts ORDER BY id").fetchall() == [
        ("ReLU", None),
        ("softmax", "ada"),
    ]
    con.close()
    assert "ada" not in repr(progress.ProgressView(*progress.progress_table()))


def test_kernels_meeting_one_damaged_store_keep_one_backup_and_every_row(store):
    garbage = b"this is not a database, just some bytes " * 100
    store.write_bytes(garbage)
    writer = textwrap.dedent(
        """
        import time
        from widgets import progress
        from widgets.autograder.feedback import CheckResult
        time.sleep(max(0.0, START - time.time()))
        warnings = [progress.record(CheckResult(exercise="ReLU", status="passed")) for _ in range(25)]
        print(sum(w is not None and "damaged" in w for w in warnings), sum(w is not None for w in warnings))
        """
    ).replace("START", repr(time.time() + 3))
    procs = [
        subprocess.Popen([sys.executable, "-c", writer], stdout=subprocess.PIPE, text=True, env=os.environ)
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=60)[0].split() for p in procs]
    assert all(p.returncode == 0 for p in procs)
    backups = list(store.parent.glob("progress.sqlite3.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == garbage
    assert sum(int(damaged) for damaged, _ in outputs) == 1
    assert all(damaged == total for damaged, total in outputs)
    assert statuses()["ReLU"]["attempts"] == 75


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0, reason="needs root for a read-only mount")
def test_a_store_on_read_only_media_stays_readable(store):
    import shutil

    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    check(reference.ReLU)
    check(reference.softmax)
    folder = store.parent
    code = (
        "from widgets import progress; from widgets.autograder.feedback import CheckResult; "
        "rows, w = progress.load_attempts(); print(len(rows), w); "
        "print(progress.record(CheckResult(exercise='pad', status='passed')) is not None)"
    )
    script = (
        f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && "
        f'{sys.executable} -c "{code}"'
    )
    out = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=os.environ, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["2", "None", "True"], out.stdout + out.stderr
