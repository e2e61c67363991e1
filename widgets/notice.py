"""A one-line notice under a cell: HTML in a notebook, plain text elsewhere (`code` in backticks)."""

from __future__ import annotations

import html


class Notice:
    """One line of text; ok=True shows it green, otherwise amber."""

    def __init__(self, text: str, ok: bool):
        self.text, self.ok = text, ok

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#9a6700"
        pieces = html.escape(self.text).split("`")
        body = "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))
        return f'<div style="color:{colour};font-family:system-ui,sans-serif;font-size:13px">{body}</div>'


def shell():
    """The running IPython shell, or None outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def show(notice: Notice) -> None:
    """Display the notice under the running cell, or print it outside IPython."""
    if shell() is None:
        print(notice.text)
        return
    from IPython.display import display

    display(notice)
