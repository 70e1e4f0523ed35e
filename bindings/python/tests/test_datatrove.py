"""unchrome.datatrove.UnchromeExtractor in a tiny datatrove pipeline (local executor)."""

import json

import pytest

import unchrome
from conftest import PAGES, require


def test_a_local_pipeline_extracts_the_article_text(tmp_path):
    require("datatrove")
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from unchrome.datatrove import UnchromeExtractor

    docs = [
        Document(text=p.read_text(encoding="utf-8", errors="replace"), id=p.name, metadata={})
        for p in PAGES
    ]
    # An empty page has no article text: the extractor drops it, as datatrove's Trafilatura does.
    docs.append(Document(text="<html><body></body></html>", id="empty", metadata={}))
    out = tmp_path / "out"
    LocalPipelineExecutor(
        pipeline=[docs, UnchromeExtractor(timeout=30), JsonlWriter(str(out), compression=None)],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    rows = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.open()]
    texts = {
        p.name: unchrome.classify(p.read_text(encoding="utf-8", errors="replace")).article_text
        for p in PAGES
    }
    # Pages without article text are dropped, as the empty page is.
    want = {name: text for name, text in texts.items() if text}
    assert len(want) >= len(PAGES) // 2
    assert {r["id"]: r["text"] for r in rows} == want


def test_options_and_model_errors(tmp_path):
    require("datatrove")
    from unchrome.datatrove import UnchromeExtractor

    html = PAGES[0].read_text(encoding="utf-8", errors="replace")
    model = unchrome.Model.bundled()
    strict = UnchromeExtractor(favour_precision=True).extract(html)
    assert strict == model.with_threshold(model.favor_precision_threshold).classify(html).article_text
    assert UnchromeExtractor(threshold=0.99).extract(html) == model.with_threshold(0.99).classify(html).article_text
    with pytest.raises(OSError, match=r"missing\.json"):
        UnchromeExtractor(model=str(tmp_path / "missing.json"))
