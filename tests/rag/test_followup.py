"""Follow-ups made to stand on their own from the turns before them."""

from __future__ import annotations

from rag.followup import resolve_followup
from rag.records import Turn


def test_earlier_turns_are_read_in_composed_form() -> None:
    """A client that sends "é" as "e" and a combining accent: the names carried into the query are written as the
    archive and the question are (one character), so they match the stored text."""
    history = [
        Turn("user", "What did Rene\u0301e Hale announce in Velling?"),
        Turn("assistant", "She announced a ferry to Lakeport, according to Cafe\u0301 Tarvania [1]."),
    ]
    query = resolve_followup("What did she say next?", history)
    assert "Ren\u00e9e" in query and "Caf\u00e9 Tarvania" in query
    assert "\u0301" not in query
