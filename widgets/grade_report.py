"""The pages `widgets.grade` writes: one feedback page per student, and the class report.

Rows are widgets.grade.Row (plain data). A student's page shows, lesson by lesson, the same feedback
`check()` gives in the notebook. The class report shows how many students got each exercise right (a bar
chart) and the diagnoses most of them got, worded as the learner saw them ("12 of 40: divides by a
global `m_train`"). Pages are self-contained HTML: no script, no network.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from pathlib import Path

_STYLE = (
    "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1f2328;max-width:980px;"
    "margin:24px auto;padding:0 16px;line-height:1.45}h1{font-size:22px}h2{font-size:18px;margin-top:28px}"
    "table{border-collapse:collapse}td,th{padding:4px 10px;text-align:left;border-bottom:1px solid #d0d7de}"
    ".problem{border-left:5px solid #cf222e;background:#ffebe9;padding:8px 12px;margin:4px 0}"
    ".muted{color:#57606a}"
)
_STATUS_WORDS = {
    "passed": "passed",
    "incorrect": "not right yet",
    "error": "raised an error",
    "not_implemented": "not attempted",
    "timeout": "too slow",
    "missing": "missing",
}


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{_STYLE}</style></head><body>\n{body}\n</body></html>\n"
    )


def _file_name(student: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("._") or "student"


def feedback_page(student: str, rows: list) -> str:
    """One student's feedback: their score, then each lesson's exercises as check() showed them."""
    parts = [
        f"<h1>Feedback for {html.escape(student)}</h1>",
        f"<p>{sum(r.score for r in rows)} of {len(rows)} exercises passed.</p>",
    ]
    lesson = None
    for row in rows:
        if row.lesson != lesson:
            lesson = row.lesson
            parts.append(f"<h2>Lesson {html.escape(lesson or '(not a lesson)')}</h2>")
        if row.html:
            parts.append(row.html)
        else:
            parts.append(
                f'<div class="problem"><b>{html.escape(row.exercise or "notebook")}</b>: '
                f"{html.escape(row.feedback)}</div>"
            )
    return _page(f"Feedback for {student}", "\n".join(parts))


def write_feedback(rows: list, folder: Path) -> list[Path]:
    """One page per student in folder (created); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_student = defaultdict(list)
    for row in rows:
        by_student[row.student].append(row)
    written = []
    for student, theirs in by_student.items():
        path = folder / f"{_file_name(student)}.html"
        path.write_text(feedback_page(student, theirs), encoding="utf-8")
        written.append(path)
    return written


def exercise_summary(rows: list) -> list[dict]:
    """Per exercise, in course order: students, how many passed, and the commonest diagnoses
    [(count, headline)] among those who did not."""
    summary = {}
    for row in rows:
        if not row.exercise:
            continue
        entry = summary.setdefault(
            (row.lesson, row.exercise),
            {
                "lesson": row.lesson,
                "exercise": row.exercise,
                "students": set(),
                "passed": set(),
                "mistakes": Counter(),
                "words": {},
            },
        )
        entry["students"].add(row.student)
        if row.score:
            entry["passed"].add(row.student)
            continue
        key = row.diagnosis or row.status
        entry["mistakes"][key] += 1
        entry["words"].setdefault(
            key, row.headline or _STATUS_WORDS.get(row.status, row.status.replace("_", " "))
        )
    return [
        {
            "lesson": e["lesson"],
            "exercise": e["exercise"],
            "students": len(e["students"]),
            "passed": len(e["passed"]),
            "mistakes": [(count, e["words"][key]) for key, count in e["mistakes"].most_common(3)],
        }
        for e in summary.values()
    ]


def _bar(passed: int, students: int, width: int = 220) -> str:
    filled = round(width * passed / students) if students else 0
    return (
        f'<svg width="{width}" height="14" role="img" aria-label="{passed} of {students} passed">'
        f'<rect width="{width}" height="14" fill="#eaeef2"/>'
        f'<rect width="{filled}" height="14" fill="#1a7f37"/>'
        "</svg>"
    )


def _code(text: str) -> str:
    """Escaped text with `backticked` spans as <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def report_page(rows: list) -> str:
    """The class report: per exercise, passed of students as a bar, and the commonest mistakes."""
    students = sorted({row.student for row in rows})
    problems = Counter(row.status for row in rows if not row.html and row.status != "passed")
    lines = [
        f"<h1>Class report: {len(students)} students</h1>",
        "<table><tr><th>lesson</th><th>exercise</th><th>passed</th><th></th><th>commonest mistakes</th></tr>",
    ]
    for entry in exercise_summary(rows):
        mistakes = "<br>".join(
            f"{count} of {entry['students']}: {_code(words)}" for count, words in entry["mistakes"]
        )
        lines.append(
            f"<tr><td>{html.escape(entry['lesson'])}</td><td><code>{html.escape(entry['exercise'])}</code>"
            f"</td><td>{entry['passed']} of {entry['students']}</td>"
            f"<td>{_bar(entry['passed'], entry['students'])}"
            f"</td><td>{mistakes or '<span class=muted>none</span>'}</td></tr>"
        )
    lines.append("</table>")
    lines.append("<h2>Students</h2><table><tr><th>student</th><th>passed</th></tr>")
    for student in students:
        theirs = [row for row in rows if row.student == student]
        score = f"{sum(r.score for r in theirs)} of {len(theirs)}"
        lines.append(f"<tr><td>{html.escape(student)}</td><td>{score}</td></tr>")
    lines.append("</table>")
    if problems:
        lines.append("<h2>Notebooks that could not be graded</h2><ul>")
        failed = (f"<li>{html.escape(r.student)}: {html.escape(r.feedback)}</li>" for r in rows
                  if not r.html and r.status not in _STATUS_WORDS)
        lines.extend(dict.fromkeys(failed))  # one line per notebook, not per exercise
        lines.append("</ul>")
    return _page("Class report", "\n".join(lines))


def write_report(rows: list, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_page(rows), encoding="utf-8")
    return path
