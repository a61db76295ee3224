"""The article spool: the archive back in id order, a batch at a time, with the loader's errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from archive_chat.errors import BadArchive, EmptyArchive
from embeddings.load import load_archive
from embeddings.spool import PREFIX, ArticleSpool, sweep

NEWS = Path(__file__).resolve().parents[1] / "fixtures" / "news"


def _spools() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("archive-chat-spool-*"))


def test_articles_come_back_in_id_order_and_equal_to_the_loaders() -> None:
    want = sorted(load_archive([NEWS]), key=lambda a: a.id)
    with ArticleSpool([NEWS]) as spool:
        batches = list(spool.batches(5))
        hashes = list(spool.hashes())
    assert [len(b) for b in batches] == [5] * (len(want) // 5) + ([len(want) % 5] if len(want) % 5 else [])
    assert [a for b in batches for a in b] == want  # every field, the text and the publication date included
    assert hashes == [(a.id, a.content_hash) for a in want]


def test_files_in_any_order_still_give_id_order(tmp_path: Path) -> None:
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "a-first", "title": "A", "text": "One."}) + "\n")
    (tmp_path / "a.jsonl").write_text(json.dumps({"id": "z-last", "title": "Z", "text": "Two."}) + "\n")
    with ArticleSpool([tmp_path]) as spool:
        assert [a.id for b in spool.batches(1) for a in b] == ["a-first", "z-last"]


def test_a_duplicate_id_names_both_places_and_leaves_no_spool(tmp_path: Path) -> None:
    before = _spools()
    record = json.dumps({"id": "twice", "title": "T", "text": "Text."})
    (tmp_path / "x.jsonl").write_text(record + "\n" + record + "\n")
    with pytest.raises(BadArchive, match=r"duplicate article id 'twice': .*x.jsonl:1 and .*x.jsonl:2"):
        ArticleSpool([tmp_path / "x.jsonl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(EmptyArchive):
        ArticleSpool([tmp_path / "empty"])
    assert _spools() == before


def test_a_killed_jobs_spool_is_removed_by_the_next_one_and_a_running_ones_stays(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(done.stdout)  # a process that has ended: its spool is what a killed job leaves behind
    stale, live = tmp_path / f"{PREFIX}{dead}-x1", tmp_path / f"{PREFIX}{os.getpid()}-x2"
    for folder in (stale, live):
        folder.mkdir()
        (folder / "articles.sqlite").write_bytes(b"x" * 100)
    (tmp_path / f"{PREFIX}unnamed").mkdir()  # an older spool without a process id: not ours to judge
    assert sweep(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and (tmp_path / f"{PREFIX}unnamed").exists()


def test_a_spool_is_named_by_its_process() -> None:
    before = _spools()
    with ArticleSpool([NEWS]):
        (mine,) = _spools() - before
    assert mine.name.startswith(f"{PREFIX}{os.getpid()}-")
