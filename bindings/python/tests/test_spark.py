"""examples/spark/classify_warc.py in Spark local mode: its Parquet rows equal the CLI's JSONL."""

import os
import subprocess
import sys

from conftest import PAGES, REPO, cli_jsonl, require, spark_submit, write_fixture_warc


def test_spark_job_rows_equal_the_cli_records(tmp_path):
    pyspark = require("pyspark")
    pq = require("pyarrow.parquet")
    warcs = [
        write_fixture_warc(tmp_path / "a.warc.gz", pages=PAGES[: len(PAGES) // 2]),
        write_fixture_warc(tmp_path / "b.warc", pages=PAGES[len(PAGES) // 2:]),
    ]
    paths = tmp_path / "warc.paths"
    paths.write_text(f"{warcs[0]}\nfile://{warcs[1]}\n")
    out = tmp_path / "out.parquet"
    r = subprocess.run(
        [
            spark_submit(),
            "--master",
            "local[2]",
            "--conf",
            "spark.ui.enabled=false",
            str(REPO / "examples/spark/classify_warc.py"),
            str(paths),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        # spark-submit looks for Spark with the `python3` on PATH: point it at this one.
        env={
            **os.environ,
            "SPARK_HOME": os.path.dirname(pyspark.__file__),
            "PYSPARK_PYTHON": sys.executable,
            "PYSPARK_DRIVER_PYTHON": sys.executable,
        },
    )
    assert r.returncode == 0, r.stderr[-4000:]
    rows = pq.read_table(out).to_pylist()
    want = []
    for w, uri in zip(warcs, [str(warcs[0]), f"file://{warcs[1]}"]):
        for rec in cli_jsonl(w):
            want.append(
                {
                    "warc_path": uri,
                    "url": rec["url"],
                    "warc_record_id": rec["warc_record_id"],
                    "warc_date": rec["warc_date"],
                    "http_status": rec["http_status"],
                    "title": rec["metadata"]["title"],
                    "article_text": rec["article_text"],
                    "paywalled": rec["paywall"]["paywalled"],
                    "paywall_probability": rec["paywall"]["probability"],
                    "blocks": len(rec["blocks"]),
                    "content_blocks": sum(b["label"] == "content" for b in rec["blocks"]),
                }
            )
    key = lambda row: row["warc_record_id"]  # noqa: E731
    assert len(rows) == len(PAGES)
    assert sorted(rows, key=key) == sorted(want, key=key)
