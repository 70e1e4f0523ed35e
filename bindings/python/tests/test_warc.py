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
