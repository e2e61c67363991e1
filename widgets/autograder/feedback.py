"""Check results as plain data, rendered once as plain text and once as HTML.

A `CheckResult` holds only strings, booleans and lists of strings, so it can be
sent from the checking subprocess to the notebook with pickle and always looks
the same. The HTML uses inline styles only, so it renders alike in JupyterLab,
VS Code and Colab.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

import numpy as np

STATUSES = ("passed", "not_implemented", "incorrect", "error", "timeout")

_TITLES = {
    "passed": "passed",
    "not_implemented": "not implemented yet",
    "incorrect": "not right yet",
    "error": "your code raised an error",
    "timeout": "did not finish",
}
_MARKS = {"passed": "✓", "not_implemented": "…", "incorrect": "✗", "error": "✗", "timeout": "⏱"}
_COLOURS = {
    "passed": ("#1a7f37", "#eaf6ec"),
    "not_implemented": ("#57606a", "#f3f4f6"),
    "incorrect": ("#b35900", "#fff4e5"),
    "error": ("#c62828", "#fdecea"),
    "timeout": ("#c62828", "#fdecea"),
}


@dataclass
class Example:
    """A small failing example: the inputs (name, text) and the expected and actual outputs as text."""

    label: str
    inputs: list[tuple[str, str]] = field(default_factory=list)
    expected: str | None = None
    got: str | None = None


@dataclass
class CheckResult:
    """Outcome of `check(fn)`.

    status: one of STATUSES. diagnosis: a short stable code naming the mistake
    (for example "softmax_overflow"), None when passed or not implemented.
    culprit: the name of a helper function at fault, when the checked function
    itself is fine. notes: advice that is not a failure (debug prints, numpy
    warnings). details: further findings behind the headline. also: further
    mistakes found in the same function, each a CheckResult of its own.
    """

    exercise: str
    status: str
    diagnosis: str | None = None
    headline: str = ""
    explanation: str = ""
    hint: str = ""
    example: Example | None = None
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    culprit: str | None = None
    progress_warning: str | None = None
    also: list[CheckResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    @property
    def diagnoses(self) -> list[str]:
        """Every mistake named, the headline's first: ["labels_not_one_hot", "not_averaged"]."""
        return [d for d in [self.diagnosis, *(a.diagnosis for a in self.also)] if d]

    def verdict(self) -> str:
        """The outcome without the exercise's name: 'not right yet - negative inputs must give 0'."""
        text = _TITLES.get(self.status, self.status)
        return f"{text} - {self.headline}" if self.headline else text

    def title(self) -> str:
        return f"{self.exercise}: {self.verdict()}"

    def __str__(self) -> str:
        lines = [f"{_MARKS.get(self.status, '')} {self.title()}"]
        if self.explanation:
            lines.append(self.explanation)
        if self.hint:
            lines.append(f"Try this: {self.hint}")
        for more in self.also:
            lines.append(f"Also, {more.headline}: {more.explanation}")
            if more.hint:
                lines.append(f"Try this: {more.hint}")
        if self.example is not None:
            rows = _example_lines(self.example)
            lines.append(f"Example ({self.example.label}):" if rows else f"Tested on {self.example.label}.")
            lines.extend(rows)
        if self.notes:
            lines.append("Notes:")
            lines.extend(f"  - {note}" for note in self.notes)
        if self.details:
            lines.append("More details:")
            lines.extend(f"  - {detail}" for detail in self.details)
        if self.progress_warning:
            lines.append(f"Warning: {self.progress_warning}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        ink, paper = _COLOURS.get(self.status, _COLOURS["error"])
        esc = html.escape
        parts = [
            f'<div style="border-left:5px solid {ink};background:{paper};padding:8px 12px;'
            "margin:4px 0;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;"
            'font-size:14px;line-height:1.45;color:#1f2328">',
            f'<div style="font-weight:600;color:{ink}">{esc(_MARKS.get(self.status, ""))} '
            f"{_code_spans(self.title())}</div>",
        ]
        if self.explanation:
            parts.append(f'<div style="margin-top:4px">{_code_spans(self.explanation)}</div>')
        if self.hint:
            parts.append(f'<div style="margin-top:4px"><b>Try this:</b> {_code_spans(self.hint)}</div>')
        for more in self.also:
            parts.append(
                f'<div style="margin-top:6px"><b>Also, {_code_spans(more.headline)}:</b> '
                f"{_code_spans(more.explanation)}</div>"
            )
            if more.hint:
                parts.append(f'<div style="margin-top:4px"><b>Try this:</b> {_code_spans(more.hint)}</div>')
        if self.example is not None and not _example_lines(self.example):
            parts.append(f'<div style="margin-top:4px">Tested on {esc(self.example.label)}.</div>')
        elif self.example is not None:
            rows = "\n".join(_example_lines(self.example))
            parts.append(
                f'<div style="margin-top:6px">Example ({esc(self.example.label)}):</div>'
                '<pre style="margin:2px 0;padding:6px;background:#ffffff;border:1px solid #d0d7de;'
                f'font-size:12px;overflow-x:auto;color:#1f2328">{esc(rows)}</pre>'
            )
        if self.notes:
            items = "".join(f"<li>{_code_spans(note)}</li>" for note in self.notes)
            parts.append(f'<div style="margin-top:4px">Notes:<ul style="margin:2px 0">{items}</ul></div>')
        if self.details:
            items = "".join(f"<li>{_code_spans(detail)}</li>" for detail in self.details)
            parts.append(
                '<details style="margin-top:4px"><summary style="cursor:pointer">More details</summary>'
                f'<ul style="margin:2px 0">{items}</ul></details>'
            )
        if self.progress_warning:
            parts.append(
                '<div style="margin-top:6px;color:#9a6700"><b>Warning:</b> '
                f"{_code_spans(self.progress_warning)}</div>"
            )
        parts.append("</div>")
        return "".join(parts)


def _example_lines(example: Example) -> list[str]:
    entries = list(example.inputs)
    if example.expected is not None:
        entries.append(("expected", example.expected))
    if example.got is not None:
        entries.append(("yours", example.got))
    width = max((len(name) for name, _ in entries), default=0)
    lines = []
    for name, text in entries:
        pad = " " * (width + 5)
        body = text.replace("\n", "\n" + pad)
        lines.append(f"  {name.ljust(width)} = {body}")
    return lines


def _code_spans(text: str) -> str:
    """Escape text and show `backticked` parts in a monospace font."""
    pieces = html.escape(text).split("`")
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 and i < len(pieces) - 1:
            out.append(
                '<code style="font-family:SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;'
                f'background:rgba(175,184,193,0.25);padding:0 3px;border-radius:3px">{piece}</code>'
            )
        else:
            out.append(piece)
    return "".join(out)


def fmt(value, threshold: int = 40) -> str:
    """Short, stable text for a value: small arrays in full, big ones as shape, dtype and corners."""
    if isinstance(value, np.ndarray):
        if value.size <= threshold:
            text = np.array2string(
                value, precision=4, suppress_small=False, separator=", ", max_line_width=88
            )
            return f"{text}  ({value.dtype})" if value.dtype != np.float64 else text
        summary = np.array2string(
            value, precision=3, threshold=threshold, edgeitems=2, separator=", ", max_line_width=88
        )
        return f"array of shape {value.shape}, {value.dtype}:\n{summary}"
    if isinstance(value, float | np.floating):
        return repr(float(value))
    if isinstance(value, np.integer | np.bool_):
        return repr(value.item())
    if isinstance(value, tuple):
        return "(" + ", ".join(describe(v) for v in value) + ")"
    text = repr(value)
    return text if len(text) <= 200 else text[:200] + "..."


def describe(value) -> str:
    """One-line description of a value: 'array of shape (10, 7), float64', 'None', 'a list of 3 items'."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, {value.dtype}"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)} items"
    if isinstance(value, bool | int | float | np.number):
        return f"the number {fmt(value)}"
    return f"a {type(value).__name__}"
