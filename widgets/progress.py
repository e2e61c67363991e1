"""The learner's progress: every check's outcome, kept in a small SQLite file.

The file lives in a per-user data folder (so it survives kernel restarts and
is shared by all lessons), or wherever MNIST_FROM_SCRATCH_PROGRESS points (a
file, or a folder to put `progress.sqlite3` in). Two notebooks may write at
once: WAL journaling, a short busy timeout and a few retries. Recording never
breaks grading: `record` returns one warning line instead of raising when the
store is locked, read-only or damaged.

Only a damaged store of the course's own (SQLite says "not a database" or
"malformed", and the file carries the course's application id or file name) is
moved aside, to a name no other kernel uses, by one kernel at a time; any other
file at the store path is left exactly as it is. The schema is versioned
(PRAGMA user_version): older stores are upgraded in place, a newer one is
written only when it has every column this version writes. Rows carry the hub
user (JUPYTERHUB_USER) for classes; nothing shows it to the learner.

    from widgets.progress import show_progress
    show_progress()          # a table of every exercise in every lesson
"""

from __future__ import annotations

import contextlib
import html
import os
import secrets
import sqlite3
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from .grading_mode import is_grading
from .notice import code_spans

ENV_VAR = "MNIST_FROM_SCRATCH_PROGRESS"
APP_DIR = "mnist-from-scratch"
FILE_NAME = "progress.sqlite3"
APPLICATION_ID = 0x4D4E5354  # "MNST" in the SQLite header marks a store as the course's
SCHEMA_VERSION = 3  # 1: attempts; 2: attempts.learner; 3: answers
_COLUMNS = ("exercise", "lesson", "status", "diagnosis", "at", "learner")
_ANSWER_COLUMNS = ("exercise", "name", "source", "at", "learner", "forgotten")
_SCHEMA = (
    """
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise TEXT NOT NULL,
    lesson TEXT NOT NULL,
    status TEXT NOT NULL,
    diagnosis TEXT,
    at TEXT NOT NULL,
    learner TEXT
)""",
    """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    exercise TEXT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    at TEXT NOT NULL,
    learner TEXT,
    forgotten INTEGER NOT NULL DEFAULT 0
)""",
)
_SQLITE_MAGIC = b"SQLite format 3\x00"
_RETRIES = 5


class NotAStoreError(Exception):
    """The file at the store path is not the course's progress store; it is left as it is."""


class NewerStoreError(Exception):
    """The store was written by a newer version of the course in a way this one cannot follow."""


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


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(100)
    except FileNotFoundError:
        return b""


def _is_ours(path: Path) -> bool:
    """A file the course may repair: its header carries the course's application id, or it is an
    older store (id 0) or an unreadable file under the course's own file name."""
    head = _header(path)
    if head.startswith(_SQLITE_MAGIC) and len(head) >= 72:
        app_id = int.from_bytes(head[68:72], "big")
        return app_id == APPLICATION_ID or (app_id == 0 and path.name == FILE_NAME)
    return path.name == FILE_NAME


def _is_damaged(exc: Exception) -> bool:
    """Only 'not a database' and 'malformed' mean damage; integrity, usage and lock errors do not."""
    return type(exc) is sqlite3.DatabaseError


def _connect(path: Path) -> sqlite3.Connection:
    """Open the store for writing, creating or upgrading it.

    Raises NotAStoreError or NewerStoreError when the file must be left as it is."""
    head = _header(path)
    if head and not head.startswith(_SQLITE_MAGIC) and path.name != FILE_NAME:
        raise NotAStoreError(f"{path} is not a progress store (it does not start like an SQLite file)")
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=0.25)
    try:
        con.execute("PRAGMA busy_timeout = 250")
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        if tables - {"sqlite_sequence"} and "attempts" not in tables and app_id != APPLICATION_ID:
            raise NotAStoreError(f"{path} is another program's SQLite database (it has no attempts table)")
        if version > SCHEMA_VERSION:  # written as the newer version set it up, or not at all
            for table, needed in (("attempts", _COLUMNS), ("answers", _ANSWER_COLUMNS)):
                columns = {r[1] for r in con.execute(f"PRAGMA table_info({table})")}
                if not set(needed) <= columns:
                    raise NewerStoreError(f"{path} was written by a newer version of the course")
            return con
        con.execute("PRAGMA journal_mode = WAL")
        with con:
            for statement in _SCHEMA:
                con.execute(statement)
            columns = {r[1] for r in con.execute("PRAGMA table_info(attempts)")}
            if "learner" not in columns:
                con.execute("ALTER TABLE attempts ADD COLUMN learner TEXT")
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        con.close()
        raise
    return con


def _is_locked(exc: Exception) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


@contextlib.contextmanager
def _repair_lock(path: Path):
    """One kernel at a time decides whether the store is damaged and moves it (POSIX: flock)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; backups still get unique names
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _still_damaged(path: Path) -> bool:
    try:
        con = sqlite3.connect(path, timeout=0.25)
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
            con.execute("PRAGMA quick_check").fetchone()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return _is_damaged(exc)
    return False


def _move_aside(path: Path) -> Path | None:
    """Rename a damaged store of ours to a name no other kernel uses; None when it was not moved
    (another kernel already replaced it, or it is not ours)."""
    with _repair_lock(path):
        if not path.exists() or not _is_ours(path) or not _still_damaged(path):
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{os.getpid()}-{secrets.token_hex(3)}")
        try:
            os.rename(path, target)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(str(path) + suffix)
        return target


def _learner() -> str | None:
    """Who is learning, on a shared hub (JupyterHub sets JUPYTERHUB_USER); None for self-study."""
    return os.environ.get("JUPYTERHUB_USER") or None


def record(result) -> str | None:
    """Store one check outcome. Returns None, or a one-line warning when it could not be stored.

    While a notebook is being graded nothing is stored (see widgets.grading_mode)."""
    return _record(result.exercise, result.status, result.diagnosis)


def record_revealed(exercise: str) -> str | None:
    """Store that the course's answer to an exercise was shown (status "revealed"); None or a warning."""
    return _record(exercise, "revealed", None)


def _record(exercise: str, status: str, diagnosis: str | None) -> str | None:
    from .autograder.exercises import LESSONS

    if is_grading():
        return None
    row = (exercise, LESSONS.get(exercise, ""), status, diagnosis, _now(), _learner())
    insert = f"INSERT INTO attempts ({', '.join(_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)"
    return _write(lambda con: con.execute(insert, row), "this attempt was not saved to your progress")


def keep_answer(exercise: str, name: str, source: str) -> str | None:
    """Keep the source of a passing answer (see widgets.kept); None, or a one-line warning.

    The same source as the latest kept one for that exercise is not stored twice."""
    if is_grading():
        return None

    def insert(con: sqlite3.Connection) -> None:
        latest = con.execute(
            "SELECT name, source FROM answers WHERE exercise = ? AND forgotten = 0 ORDER BY id DESC LIMIT 1",
            (exercise,),
        ).fetchone()
        if latest != (name, source):
            con.execute(
                f"INSERT INTO answers ({', '.join(_ANSWER_COLUMNS)}) VALUES (?, ?, ?, ?, ?, 0)",
                (exercise, name, source, _now(), _learner()),
            )

    return _write(insert, f"your `{name}` was not kept for later lessons")


def forget_answers(exercises) -> str | None:
    """Mark the kept answers of these exercises as forgotten (they stay in the file); None or a warning."""
    names = list(exercises)
    marks = ", ".join("?" for _ in names)
    return _write(
        lambda con: con.execute(f"UPDATE answers SET forgotten = 1 WHERE exercise IN ({marks})", names),
        "nothing was forgotten",
    )


def kept_answers() -> tuple[dict[str, dict], str | None]:
    """The latest kept answer of each exercise: {exercise: {"name", "source", "at", "id"}}, and a warning."""

    def query(con: sqlite3.Connection) -> dict[str, dict]:
        rows = con.execute(
            "SELECT id, exercise, name, source, at FROM answers WHERE forgotten = 0 ORDER BY id"
        ).fetchall()
        return {exercise: {"id": i, "name": name, "source": source, "at": at}
                for i, exercise, name, source, at in rows}

    return _read("answers", query, {})


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _write(statement, failed: str) -> str | None:
    """Run statement(con) in one transaction on the store, creating, upgrading or repairing it first.

    Returns None, or a one-line warning starting with `failed` when nothing could be written."""
    path = store_path()
    moved = None
    for attempt in range(_RETRIES):
        try:
            con = _connect(path)
            try:
                with con:
                    statement(con)
            finally:
                con.close()
            if moved is not None:
                return (
                    f"your progress file was damaged; it was moved to {moved} and a new one was started "
                    "(earlier attempts are not in the progress table). Your feedback above is complete."
                )
            return None
        except (NotAStoreError, NewerStoreError) as exc:
            return _unsaved(path, exc, failed)
        except sqlite3.OperationalError as exc:
            if _is_locked(exc) and attempt < _RETRIES - 1:
                time.sleep(0.05 * (attempt + 1))
                continue
            return _unsaved(path, exc, failed)
        except sqlite3.DatabaseError as exc:
            if _is_damaged(exc) and attempt < _RETRIES - 1 and path.exists():
                if not _is_ours(path):
                    return _unsaved(path, f"{path} is not a progress store; it was left as it is", failed)
                moved = _move_aside(path) or moved
                continue
            return _unsaved(path, exc, failed)
        except OSError as exc:
            return _unsaved(path, exc, failed)
    return _unsaved(path, "the progress file stayed locked by another notebook", failed)


def _unsaved(path: Path, why, failed: str) -> str:
    return (
        f"{failed} ({why}; file: {path}). Your feedback above is complete. "
        f"To keep progress elsewhere, set the environment variable {ENV_VAR} to a writable file path."
    )


def load_attempts() -> tuple[list[tuple], str | None]:
    """Stored attempts as (exercise, lesson, status, diagnosis, at) rows, oldest first, and a warning.

    A missing or zero-byte file, or a store without attempts yet, is an empty history. A store on
    read-only media is read as it is (immutable), without the files WAL mode would write.
    """
    query = "SELECT exercise, lesson, status, diagnosis, at FROM attempts ORDER BY id"
    return _read("attempts", lambda con: con.execute(query).fetchall(), [])


def _read(table: str, query, empty):
    """query(con) on a read-only connection to the store, or `empty` when the store or its table does
    not exist yet; returns (value, warning)."""
    path = store_path()
    try:
        if not path.exists() or path.stat().st_size == 0:
            return empty, None
    except OSError as exc:
        return empty, f"your progress could not be read ({exc}; file: {path})."
    if not _header(path).startswith(_SQLITE_MAGIC):
        return empty, f"your progress could not be read ({path} is not a progress store)."
    last = None
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            con = sqlite3.connect(f"{path.as_uri()}?{options}", uri=True, timeout=0.5)
            try:
                tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if table not in tables:
                    return empty, None
                return query(con), None
            finally:
                con.close()
        except sqlite3.OperationalError as exc:
            last = exc
            if "unable to open" in str(exc) or "readonly" in str(exc).lower():
                continue
            break
        except sqlite3.Error as exc:
            last = exc
            break
    return empty, f"your progress could not be read ({last}; file: {path})."


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
                "last_attempt": local_time(mine[-1][4]) if mine else "",
            }
        )
    return table, warning


def local_time(stamp: str) -> str:
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
    "revealed": ("solution shown", "#0550ae"),
    "not attempted": ("not attempted", "#8c959f"),
}


_FORGET_HINT = "To use the course's version again: `from widgets.yours import forget; forget('ReLU')`."


_COURSES = "the course's"


class ProgressView:
    """The progress table, rendered as HTML (with a bar per lesson) or as plain text.

    kept: {exercise: when its kept answer passed (local time)}, shown as the answers later lessons use."""

    def __init__(self, table: list[dict], warning: str | None, chart: bool = True, kept: dict | None = None):
        self.table, self.warning, self.chart, self.kept = table, warning, chart, kept or {}

    def _kept_word(self, exercise: str) -> str:
        return f"yours, {self.kept[exercise]}" if exercise in self.kept else ""

    def __repr__(self) -> str:
        lines = [f"{'lesson':24} {'exercise':18} {'status':24} {'tries':>5}  {'last attempt':16}  used later"]
        for row in self.table:
            status = _STATUS_WORDS.get(row["status"], (row["status"],))[0]
            lines.append(
                f"{row['lesson']:24} {row['exercise']:18} {status:24} {row['attempts']:>5}  "
                f"{row['last_attempt']:16}  {self._kept_word(row['exercise'])}".rstrip()
            )
        done = sum(r["passed_once"] for r in self.table)
        lines.append(f"{done} of {len(self.table)} exercises passed.")
        if self.kept:
            lines.append(_FORGET_HINT.replace("`", ""))
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
                for h in ("Lesson", "Exercise", "Status", "Tries", "Last attempt", "Used in later lessons")
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
                f'<td style="{cell}">{esc(row["last_attempt"])}</td>'
                f'<td style="{cell}">{esc(self._kept_word(row["exercise"]) or _COURSES)}</td></tr>'
            )
        parts.append("</table>")
        if self.kept:
            parts.append(f'<div style="color:#57606a;margin-top:6px">{code_spans(_FORGET_HINT)}</div>')
        if self.warning:
            parts.append(
                f'<div style="color:#9a6700;margin-top:6px"><b>Warning:</b> {esc(self.warning)}</div>'
            )
        parts.append("</div>")
        return "".join(parts)


def show_progress(chart: bool = True) -> None:
    """Display every exercise's status across all lessons (HTML in a notebook, text elsewhere)."""
    table, warning = progress_table()
    answers, answers_warning = kept_answers()
    kept = {exercise: local_time(answer["at"]) for exercise, answer in answers.items()}
    view = ProgressView(table, warning or answers_warning, chart=chart, kept=kept)
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(view)
            return
    except ImportError:
        pass
    print(repr(view))
