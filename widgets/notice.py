"""A one-line notice under a cell: HTML in a notebook, plain text elsewhere (`code` in backticks)."""

from __future__ import annotations

import html


def code_spans(text: str) -> str:
    """HTML of text whose `backticked` parts are code."""
    pieces = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


class Notice:
    """One line of text; ok=True shows it green, ok=False amber, ok=None (advice) blue."""

    def __init__(self, text: str, ok: bool | None):
        self.text, self.ok = text, ok

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colour = {True: "#1a7f37", False: "#9a6700", None: "#0550ae"}[self.ok]
        return (f'<div style="color:{colour};font-family:system-ui,sans-serif;font-size:13px">'
                f"{code_spans(self.text)}</div>")


class CodeNotice(Notice):
    """A line of text above a block of code (the course's answer to an exercise)."""

    def __init__(self, text: str, code: str):
        super().__init__(text, None)
        self.code = code

    def __repr__(self) -> str:
        return f"{self.text}\n\n{self.code}"

    def _repr_html_(self) -> str:
        return (super()._repr_html_() + '<pre style="margin:4px 0;padding:6px;background:#f6f8fa;'
                f'border:1px solid #d0d7de;font-size:12px">{html.escape(self.code)}</pre>')


def shell():
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def show(notice) -> None:
    """Display a Notice (or anything with a text form and an HTML form, such as a check's result)
    under the running cell, or print its text outside IPython."""
    if shell() is None:
        print(notice.text if isinstance(notice, Notice) else notice)
        return
    from IPython.display import display

    display(notice)
