from pathlib import Path

from explorer.readers import Article, FileDone, Problem, headline_title, read_articles


def events(paths):
    return list(read_articles(paths))


def articles(paths):
    return [e for e in events(paths) if isinstance(e, Article)]


def problems(paths):
    return [e for e in events(paths) if isinstance(e, Problem)]


def test_txt_title_is_headline_first_line(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Rebels take the port\n\nFighters entered the city.")
    [article] = articles([tmp_path])
    assert article.title == "Rebels take the port"
    assert article.text == "Rebels take the port\n\nFighters entered the city."


def test_txt_title_falls_back_to_file_name_for_a_sentence(tmp_path: Path):
    (tmp_path / "story_12.txt").write_text("The army said on Monday that it had retaken the town.")
    [article] = articles([tmp_path])
    assert article.title == "story_12"


def test_markdown_heading_is_title(tmp_path: Path):
    (tmp_path / "n.md").write_text("## Ceasefire holds\nBody text here.")
    assert articles([tmp_path])[0].title == "Ceasefire holds"


def test_headline_rules():
    assert headline_title("Short headline\nbody") == "Short headline"
    assert headline_title("\n\n  Padded headline  \nbody") == "Padded headline"
    assert headline_title("This ends like a sentence.") is None
    assert headline_title("word " * 40) is None


def test_text_kept_exactly_including_crlf_and_bom(tmp_path: Path):
    (tmp_path / "w.txt").write_bytes("\ufeffTitle\r\n\r\nBody  with  spaces\r\n".encode())
    [article] = articles([tmp_path])
    assert article.text == "Title\r\n\r\nBody  with  spaces\r\n"


def test_directories_walk_recursively_in_sorted_order(tmp_path: Path):
    for rel in ["b/2.txt", "a/z.txt", "a/y/1.txt", "c.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"Headline {rel}\n\nBody.")
    names = [Path(a.file).relative_to(tmp_path.resolve()).as_posix() for a in articles([tmp_path])]
    # A folder's own files first, then its subfolders, each level sorted by name.
    assert names == ["c.txt", "a/z.txt", "a/y/1.txt", "b/2.txt"]


def test_unsupported_files_are_skipped_with_reason(tmp_path: Path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG....")
    [problem] = problems([tmp_path])
    assert "photo.png" in str(problem) and "unsupported" in problem.message
    assert problem.failed is False


def test_missing_path_is_a_failure(tmp_path: Path):
    [problem] = problems([tmp_path / "nope"])
    assert "no such file" in problem.message and problem.failed


def test_empty_file_is_skipped(tmp_path: Path):
    (tmp_path / "e.txt").write_text("  \n")
    [problem] = problems([tmp_path])
    assert "empty" in problem.message


def test_binary_file_is_refused(tmp_path: Path):
    (tmp_path / "b.txt").write_bytes(bytes(range(256)) * 40)
    [problem] = problems([tmp_path])
    assert "binary" in problem.message and problem.failed


def test_invalid_utf8_is_replaced_and_reported(tmp_path: Path):
    (tmp_path / "l.txt").write_bytes("Caf\u00e9 news\n\nPrice \u00a35".encode("latin-1"))
    [article] = articles([tmp_path])
    assert "\ufffd" in article.text
    assert article.warnings and "not valid UTF-8" in article.warnings[0]


def test_jsonl_fields_ids_and_bad_lines(tmp_path: Path):
    (tmp_path / "f.jsonl").write_text(
        '{"id": "x", "title": "T", "date": "2020-01-02", "url": "u", "source": "s", "text": "Hello there."}\n'
        "\n"
        "not json\n"
        "[1, 2]\n"
        '{"title": "no text"}\n'
        '{"text": 5}\n'
        '{"text": "Second article."}\n'
    )
    evs = events([tmp_path])
    arts = [e for e in evs if isinstance(e, Article)]
    probs = [e for e in evs if isinstance(e, Problem)]
    assert [a.title for a in arts] == ["T", "f line 7"]
    assert arts[0].date == "2020-01-02" and arts[0].url == "u" and arts[0].source == "s"
    assert arts[0].key.endswith("f.jsonl#x") and arts[1].key.endswith("#line7")
    assert [p.line for p in probs] == [3, 4, 5, 6]
    assert all("f.jsonl" in str(p) for p in probs)
    assert "not valid JSON" in probs[0].message
    assert "expected a JSON object" in probs[1].message
    assert 'no "text"' in probs[2].message
    done = [e for e in evs if isinstance(e, FileDone)]
    assert len(done) == 1 and not done[0].complete


def test_oversized_file_is_skipped(tmp_path: Path):
    (tmp_path / "big.txt").write_text("word " * 1000)
    evs = list(read_articles([tmp_path], max_bytes=1000))
    [problem] = [e for e in evs if isinstance(e, Problem)]
    assert "limit" in problem.message


def test_a_corpus_licence_and_readme_are_not_articles(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Rebels take the port\n\nFighters entered the city.")
    for name in ("LICENSE.md", "Licence.txt", "README.md", "COPYING", "LICENSE-sample.md"):
        (tmp_path / name).write_text("# Terms\n\nYou may copy these texts.")
    (tmp_path / "licensed-arms-trade.txt").write_text("Arms deals\n\nLicensed exports rose.")
    assert sorted(a.title for a in articles([tmp_path])) == ["Arms deals", "Rebels take the port"]
    assert problems([tmp_path]) == []  # passed over silently, like hidden files
    [named] = articles([tmp_path / "README.md"])  # named on the command line: read as asked
    assert named.title == "Terms"
