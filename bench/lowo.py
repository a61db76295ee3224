"""Leave one week out: score each week with the setting that is best on every *other* week of the tuning sets."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def leave_one_week_out(
    table: Sequence[Sequence[bool]], set_of: Sequence[str], week_of: Sequence[str]
) -> tuple[dict[str, float], dict[str, int]]:
    """Held-out share per set, and the setting picked for each week.

    ``table[i][j]`` says whether setting i got question j right; ``set_of[j]`` and ``week_of[j]`` name its set and
    week (week names unique across sets). A setting's objective is the mean of its per-set shares, so the sets
    weigh equally whatever their sizes; ties go to the earlier setting.

    >>> leave_one_week_out([[1, 0, 1, 0], [0, 1, 0, 1]], ["a", "a", "b", "b"], ["a1", "a2", "b1", "b2"])
    ({'a': 0.0, 'b': 0.0}, {'a1': 1, 'a2': 0, 'b1': 1, 'b2': 0})
    """
    t = np.array(table, dtype=float)
    sets = list(dict.fromkeys(set_of))
    member = {s: np.array([x == s for x in set_of]) for s in sets}
    weeks = np.array(week_of)
    held = dict.fromkeys(sets, 0.0)
    picks: dict[str, int] = {}
    for week in sorted(set(week_of)):
        keep = weeks != week
        objective = sum(t[:, keep & member[s]].mean(axis=1) for s in sets) / len(sets)
        best = picks[week] = int(np.argmax(objective))
        for s in sets:
            held[s] += float(t[best, (weeks == week) & member[s]].sum())
    return {s: held[s] / int(member[s].sum()) for s in sets}, picks
