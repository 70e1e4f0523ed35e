"""unchrome.classify_warc against `unchrome classify X.warc.gz -f jsonl`."""

import pytest

import unchrome
from conftest import PAGES, cli_jsonl, make_warc, run_cli, write_fixture_warc


def test_classify_warc_yields_the_cli_records(fixture_warc):
    want = cli_jsonl(fixture_warc)
    assert len(want) == len(PAGES)
    for jobs in (0, 1):
        got = list(unchrome.classify_warc(str(fixture_warc), jobs=jobs))
        assert got == want
    assert want[0]["url"].startswith("https://example.test/")
    assert {"warc_record_id", "warc_date", "http_status"} <= set(want[0])


def same(a, b, where="record"):
    """`a` is `b` as `json.loads` gives it: the same types (an int is no float, a bool no int),
    dict keys in the same order, floats bit for bit."""
    assert type(a) is type(b), f"{where}: {type(a).__name__} against {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{where}: keys {list(a)} against {list(b)}"
        for k in a:
            same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert len(a) == len(b), f"{where}: {len(a)} items against {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float):
        assert a.hex() == b.hex(), f"{where}: {a!r} against {b!r}"
    else:
        assert a == b, f"{where}: {a!r} against {b!r}"


def test_records_are_the_cli_lines_as_json_loads_reads_them(fixture_warc):
    # The records are built as Python objects, not parsed from JSON text: the same field order,
    # types and float bits as `json.loads` of the CLI's line.
    want = cli_jsonl(fixture_warc)
    got = list(unchrome.classify_warc(str(fixture_warc), jobs=1))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        same(g, w)


def test_a_warc_larger_than_one_batch_keeps_its_order(tmp_path):
    pages = PAGES * 12  # past the reader's batch of 64
    warc = write_fixture_warc(tmp_path / "big.warc", pages=pages)
    got = [r["warc_record_id"] for r in unchrome.classify_warc(warc)]
    assert got == [r["warc_record_id"] for r in cli_jsonl(warc)]
    assert len(got) == len(pages)


def test_bad_records_warn_raise_or_pass(tmp_path):
    bad = [b"WARC/1.0\r\nContent-Length: nope\r\n\r\njunk\r\n\r\n"]
    html = make_warc.record("https://example.test/after", (PAGES[0]).read_bytes(), 99)
    warc = write_fixture_warc(tmp_path / "bad.warc", pages=PAGES[:2], extra=[*bad, html])
    with pytest.warns(unchrome.WarcRecordWarning, match=r"bad\.warc: record 3: not a WARC record"):
        got = list(unchrome.classify_warc(warc))
    assert [r["url"] for r in got][-1] == "https://example.test/after"
    assert len(got) == 3
    cli = run_cli("classify", "-f", "jsonl", warc)
    assert cli.returncode == 1 and "record 3" in cli.stderr
    with pytest.raises(ValueError, match="record 3"):
        list(unchrome.classify_warc(warc, errors="raise"))
    assert len(list(unchrome.classify_warc(warc, errors="ignore"))) == 3
    with pytest.raises(ValueError, match="errors must be"):
        list(unchrome.classify_warc(warc, errors="loud"))


def test_a_missing_warc_is_an_oserror(tmp_path):
    with pytest.raises(OSError, match=r"none\.warc\.gz: No such file"):
        next(unchrome.classify_warc(tmp_path / "none.warc.gz"))
