"""The learner's progress: every check's outcome, kept in a small SQLite file.

The file lives in a per-user data folder (so it survives kernel restarts and
is shared by all lessons), or wherever MNIST_FROM_SCRATCH_PROGRESS points (a
file, or a folder to put `progress.sqlite3` in). Two notebooks may write at
once: WAL journaling, a short busy timeout and a few retries. Recording never
breaks grading: `record` returns one warning line instead of raising when the
store is locked, read-only or corrupt (a corrupt file is moved aside and a new
one started).

    from widgets.progress import show_progress
    show_progress()          # a table of every exercise in every lesson
"""

from __future__ import annotations

import contextlib
import html
import os
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ENV_VAR = "MNIST_FROM_SCRATCH_PROGRESS"
APP_DIR = "mnist-from-scratch"
FILE_NAME = "progress.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise TEXT NOT NULL,
    lesson TEXT NOT NULL,
    status TEXT NOT NULL,
    diagnosis TEXT,
    at TEXT NOT NULL
)
"""
_RETRIES = 5


def store_path() -> Path:
    """Where progress is kept: $MNIST_FROM_SCRATCH_PROGRESS, else the user's data folder."""
    chosen = os.environ.get(ENV_VAR, "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        return path / FILE_NAME if path.is_dir() else path
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR / FILE_NAME


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=0.25)
    try:
        con.execute("PRAGMA busy_timeout = 250")
        con.execute("PRAGMA journal_mode = WAL")
        con.execute(_SCHEMA)
    except BaseException:
        con.close()
        raise
    return con


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _move_aside(path: Path) -> Path | None:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        os.replace(path, target)
    except OSError:
        return None
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            os.remove(str(path) + suffix)
    return target


def record(result) -> str | None:
    """Store one check outcome. Returns None, or a one-line warning when it could not be stored."""
    from .autograder.exercises import LESSONS

    path = store_path()
    row = (
        result.exercise,
        LESSONS.get(result.exercise, ""),
        result.status,
        result.diagnosis,
        datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    moved = None
    for attempt in range(_RETRIES):
        try:
            con = _connect(path)
            try:
                with con:
                    con.execute(
                        "INSERT INTO attempts (exercise, lesson, status, diagnosis, at) VALUES "
                        "(?, ?, ?, ?, ?)",
                        row,
                    )
            finally:
                con.close()
            if moved is not None:
                return (
                    f"your progress file was damaged; it was moved to {moved} and a new one was started "
                    "(earlier attempts are not in the progress table). Your feedback above is complete."
                )
            return None
        except sqlite3.OperationalError as exc:
            if _is_locked(exc) and attempt < _RETRIES - 1:
                time.sleep(0.05 * (attempt + 1))
                continue
            return _unsaved(path, exc)
        except sqlite3.DatabaseError as exc:
            if moved is None and path.exists():
                moved = _move_aside(path)
                if moved is not None:
                    continue
            return _unsaved(path, exc)
        except OSError as exc:
            return _unsaved(path, exc)
    return _unsaved(path, "the progress file stayed locked by another notebook")


def _unsaved(path: Path, why) -> str:
    return (
        f"this attempt was not saved to your progress ({why}; file: {path}). Your feedback above "
        "is complete. "
        f"To keep progress elsewhere, set the environment variable {ENV_VAR} to a writable file path."
    )


def load_attempts() -> tuple[list[tuple], str | None]:
    """Stored attempts as (exercise, lesson, status, diagnosis, at) rows, oldest first, and a warning."""
    path = store_path()
    if not path.exists():
        return [], None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=0.5)
        try:
            rows = con.execute(
                "SELECT exercise, lesson, status, diagnosis, at FROM attempts ORDER BY id"
            ).fetchall()
        finally:
            con.close()
        return rows, None
    except sqlite3.Error as exc:
        return [], f"your progress could not be read ({exc}; file: {path})."


def progress_table() -> tuple[list[dict], str | None]:
    """One row per exercise in course order: lesson, exercise, status, attempts, passed once, last attempt."""
    from .autograder.exercises import EXERCISES, LESSONS

    rows, warning = load_attempts()
    table = []
    order = sorted(EXERCISES, key=lambda name: (LESSONS.get(name, "99"), list(EXERCISES).index(name)))
    for name in order:
        mine = [r for r in rows if r[0] == name]
        table.append(
            {
                "lesson": LESSONS.get(name, ""),
                "exercise": name,
                "status": mine[-1][2] if mine else "not attempted",
                "attempts": len(mine),
                "passed_once": any(r[2] == "passed" for r in mine),
                "last_attempt": _local_time(mine[-1][4]) if mine else "",
            }
        )
    return table, warning


def _local_time(stamp: str) -> str:
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


_STATUS_WORDS = {
    "passed": ("✓ passed", "#1a7f37"),
    "not_implemented": ("… not implemented yet", "#57606a"),
    "incorrect": ("✗ not right yet", "#b35900"),
    "error": ("✗ raised an error", "#c62828"),
    "timeout": ("⏱ did not finish", "#c62828"),
    "not attempted": ("not attempted", "#8c959f"),
}


class ProgressView:
    """The progress table, rendered as HTML (with a bar per lesson) or as plain text."""

    def __init__(self, table: list[dict], warning: str | None, chart: bool = True):
        self.table, self.warning, self.chart = table, warning, chart

    def __repr__(self) -> str:
        lines = [f"{'lesson':24} {'exercise':18} {'status':24} {'tries':>5}  last attempt"]
        for row in self.table:
            status = _STATUS_WORDS.get(row["status"], (row["status"],))[0]
            lines.append(
                f"{row['lesson']:24} {row['exercise']:18} {status:24} {row['attempts']:>5}  "
                f"{row['last_attempt']}"
            )
        done = sum(r["passed_once"] for r in self.table)
        lines.append(f"{done} of {len(self.table)} exercises passed.")
        if self.warning:
            lines.append(f"Warning: {self.warning}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        esc = html.escape
        cell = "padding:3px 10px;text-align:left;border-bottom:1px solid #d0d7de;white-space:nowrap"
        parts = [
            '<div style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:13px">'
        ]
        if self.chart:
            parts.append('<div style="margin-bottom:8px">')
            lessons = sorted({r["lesson"] for r in self.table})
            for lesson in lessons:
                rows = [r for r in self.table if r["lesson"] == lesson]
                done = sum(r["passed_once"] for r in rows)
                width = int(round(160 * done / len(rows)))
                parts.append(
                    f'<div style="display:flex;align-items:center;gap:8px;margin:2px 0">'
                    f'<span style="width:190px">{esc(lesson)}</span>'
                    f'<span style="display:inline-block;width:160px;height:10px;background:#eaeef2;'
                    f'border-radius:5px;overflow:hidden"><span style="display:block;width:{width}px;'
                    f'height:10px;background:#2da44e"></span></span>'
                    f"<span>{done}/{len(rows)}</span></div>"
                )
            parts.append("</div>")
        parts.append('<table style="border-collapse:collapse">')
        parts.append(
            "<tr>"
            + "".join(
                f'<th style="{cell}">{h}</th>'
                for h in ("Lesson", "Exercise", "Status", "Tries", "Last attempt")
            )
            + "</tr>"
        )
        for row in self.table:
            word, colour = _STATUS_WORDS.get(row["status"], (row["status"], "#1f2328"))
            if row["passed_once"] and row["status"] != "passed":
                word += " (passed before)"
            parts.append(
                f'<tr><td style="{cell}">{esc(row["lesson"])}</td>'
                f'<td style="{cell}"><code>{esc(row["exercise"])}</code></td>'
                f'<td style="{cell};color:{colour}">{esc(word)}</td>'
                f'<td style="{cell}">{row["attempts"]}</td>'
                f'<td style="{cell}">{esc(row["last_attempt"])}</td></tr>'
            )
        parts.append("</table>")
        if self.warning:
            parts.append(
                f'<div style="color:#9a6700;margin-top:6px"><b>Warning:</b> {esc(self.warning)}</div>'
            )
        parts.append("</div>")
        return "".join(parts)


def show_progress(chart: bool = True) -> None:
    """Display every exercise's status across all lessons (HTML in a notebook, text elsewhere)."""
    table, warning = progress_table()
    view = ProgressView(table, warning, chart=chart)
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(view)
            return
    except ImportError:
        pass
    print(repr(view))
