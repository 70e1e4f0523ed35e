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


def test_every_warc_file_is_a_task_of_its_own(tmp_path):
    # With `RDD.repartition`, 8 paths went to one partition (PySpark shuffles pickled batches of
    # up to 10 rows): one task read every file while the other slots idled.
    pyspark = require("pyspark")
    os.environ.setdefault("SPARK_HOME", os.path.dirname(pyspark.__file__))
    os.environ["PYSPARK_PYTHON"] = sys.executable
    sys.path.insert(0, str(REPO / "examples/spark"))
    import classify_warc
    from pyspark.sql import SparkSession

    uris = [f"/data/part-{k:02d}.warc.gz" for k in range(8)]
    paths = tmp_path / "warc.paths"
    paths.write_text("# a comment\n" + "\n".join(uris[:4]) + "\n\n" + "\n".join(uris[4:]) + "\n")
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("test-tasks")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        tasks = classify_warc.warc_tasks(spark.sparkContext, str(paths)).glom().collect()
        assert tasks == [[u] for u in uris]
        shares = classify_warc.warc_tasks(spark.sparkContext, str(paths), 3).glom().collect()
        assert sorted(map(len, shares)) == [2, 3, 3]
        assert [u for share in shares for u in share] == uris
    finally:
        spark.stop()
