"""The Python API against the CLI, threads, bad input, model files."""

import gzip
import json
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

import unchrome
from conftest import PAGES, REPO, cli_jsonl


@pytest.fixture(scope="module")
def cli_pages():
    """The CLI's JSONL for every fixture page, by path."""
    return {rec["path"]: rec for rec in cli_jsonl(*PAGES)}


def test_there_are_fixture_pages():
    assert len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_same_article_text_and_blocks_as_the_cli(page, cli_pages):
    want = cli_pages[str(page)]
    got = unchrome.classify(page.read_bytes())
    assert got.article_text == want["article_text"]
    assert [(b.text, b.label, b.probability, b.kind, b.tag) for b in got.blocks] == [
        (b["text"], b["label"], b["probability"], b["kind"], b["tag"]) for b in want["blocks"]
    ]
    assert got.paywalled == want["paywall"]["paywalled"]
    assert got.paywall_probability == want["paywall"]["probability"]
    assert [e["signal"] for e in got.paywall_evidence] == [
        e["signal"] for e in want["paywall"]["evidence"]
    ]
    # to_json is the CLI's record without its path.
    mine = json.loads(got.to_json())
    assert mine == {k: v for k, v in want.items() if k != "path"}


def test_str_bytes_and_gzip_agree():
    html = (REPO / "tests/fixtures/news.html").read_text()
    a = unchrome.classify(html)
    b = unchrome.classify(html.encode())
    c = unchrome.classify(gzip.compress(html.encode()))
    assert a.article_text == b.article_text == c.article_text
    assert "voted on Tuesday" in a.article_text
    assert not c.truncated_input
    assert unchrome.classify(gzip.compress(html.encode())[:200]).truncated_input


def test_page_and_block_fields():
    page = unchrome.classify((REPO / "tests/fixtures/news.html").read_text(), url="https://x.test/a")
    assert page.url == "https://x.test/a"
    assert page.title == "Council approves new river bridge"
    assert page.metadata["title"] == page.title
    assert page.metadata["language"] == "en"
    assert isinstance(page.metadata["authors"], list)
    assert 0 <= page.paywall_probability <= 1
    assert page.threshold == unchrome.Model.bundled().threshold
    blocks = page.blocks
    assert [b.index for b in blocks] == list(range(len(blocks)))
    assert any(b.is_content for b in blocks) and any(not b.is_content for b in blocks)
    for b in blocks:
        assert b.label in ("content", "chrome")
        assert (b.kind is None) == b.is_content
        assert b.path.endswith(b.tag) or b.path == ""
    assert "Block(" in repr(blocks[0]) and "Page(" in repr(page)


def test_classify_many_matches_classify_in_order_on_any_number_of_threads():
    htmls = [p.read_bytes() for p in PAGES] * 3
    one_by_one = [unchrome.classify(h).article_text for h in htmls]
    for jobs in (0, 1, 2, 4):
        pages = unchrome.classify_many(htmls, jobs=jobs)
        assert [p.article_text for p in pages] == one_by_one
    pages = unchrome.classify_many(htmls[:2], urls=["a", None])
    assert [p.url for p in pages] == ["a", None]
    assert unchrome.classify_many([]) == []


def test_python_threads_share_the_model():
    htmls = [p.read_bytes() for p in PAGES] * 4
    want = [unchrome.classify(h).article_text for h in htmls]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda h: unchrome.classify(h).article_text, htmls))
        many = list(pool.map(lambda hs: [p.article_text for p in unchrome.classify_many(hs)],
                             [htmls[i::4] for i in range(4)]))
    assert got == want
    assert many == [want[i::4] for i in range(4)]


def test_bad_input():
    with pytest.raises(TypeError):
        unchrome.classify(123)
    with pytest.raises(TypeError):
        unchrome.classify_many(["<p>x</p>", 5])
    # Anything that is text or bytes classifies: binary junk, empty pages, deep nesting.
    assert unchrome.classify(bytes(range(256)) * 100).blocks is not None
    assert unchrome.classify("").blocks == []
    assert unchrome.classify("<div>" * 100_000 + "<p>deep</p>").depth_limited
    with pytest.raises(ValueError, match="2 urls for 1 pages"):
        unchrome.classify_many(["<p>x</p>"], urls=["a", "b"])
    with pytest.raises(ValueError, match="not between 0 and 1"):
        unchrome.Model.bundled().with_threshold(1.5)
    with pytest.raises(OverflowError):
        unchrome.classify_many(["<p>x</p>"], jobs=-1)


def test_thresholds_move_the_labels():
    model = unchrome.Model.bundled()
    html = (REPO / "tests/fixtures/news.html").read_text()
    strict = model.with_threshold(model.favor_precision_threshold).classify(html)
    loose = model.with_threshold(model.favor_recall_threshold).classify(html)
    kept = lambda p: sum(b.is_content for b in p.blocks)  # noqa: E731
    assert kept(strict) <= kept(model.classify(html)) <= kept(loose)
    assert model.with_threshold(0.9).threshold == 0.9


def test_model_files(tmp_path):
    copy = tmp_path / "m.json"
    shutil.copy(REPO / "models/default.json", copy)
    loaded = unchrome.Model.load(copy)
    html = (REPO / "tests/fixtures/news.html").read_bytes()
    assert loaded.classify(html).article_text == unchrome.classify(html).article_text
    assert "Model(threshold=" in repr(loaded)

    missing = tmp_path / "nope.json"
    with pytest.raises(OSError, match=r"nope\.json: No such file"):
        unchrome.Model.load(missing)
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(ValueError, match=r"bad\.json: not a usable model file: truncated JSON"):
        unchrome.Model.load(bad)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"version": 999}))
    with pytest.raises(ValueError, match=r"wrong\.json: not a usable model file"):
        unchrome.Model.load(wrong)
