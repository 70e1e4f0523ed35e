#!/usr/bin/env python3
"""Classify the HTML pages of WARC files on Spark, in the style of Common Crawl's cc-pyspark.

    spark-submit --master local[2] examples/spark/classify_warc.py warc_paths.txt out.parquet

Input: a text file with one WARC path or URI per line (local paths, file://, or any filesystem
pyarrow reaches: s3://, gs://, hdfs://), as Common Crawl's warc.paths lists. Each WARC file is
one task: an executor reads it record by record with ``unchrome.classify_warc`` (the GIL
released, ``--jobs`` threads per task) and emits one row per HTML response.

Output: Parquet with one row per page: warc_path, url, warc_record_id, warc_date, http_status,
title, article_text, paywalled, paywall_probability, blocks, content_blocks.

On a cluster, the executors need the ``unchrome`` wheel (see docs/python.md): build it once
(``maturin build --release`` in bindings/python, or ``pip wheel ./bindings/python``) and either
install it on every node, or ship it with the job:

    spark-submit --master yarn --py-files unchrome-0.1.0-cp39-abi3-manylinux_2_34_x86_64.whl \\
        examples/spark/classify_warc.py s3://bucket/warc.paths s3://bucket/out/

(a wheel is a zip; its compiled module loads from ``--py-files`` on Linux executors whose glibc
is as new as the build machine's; else ship a packed virtualenv with ``--archives``).
"""

import argparse
import os
import shutil
import sys
import tempfile

from pyspark.sql import SparkSession
from pyspark.sql.types import (
    BooleanType,
    DoubleType,
    IntegerType,
    StringType,
    StructField,
    StructType,
)

SCHEMA = StructType(
    [
        StructField("warc_path", StringType(), False),
        StructField("url", StringType(), False),
        StructField("warc_record_id", StringType(), False),
        StructField("warc_date", StringType(), False),
        StructField("http_status", IntegerType(), False),
        StructField("title", StringType(), True),
        StructField("article_text", StringType(), False),
        StructField("paywalled", BooleanType(), False),
        StructField("paywall_probability", DoubleType(), False),
        StructField("blocks", IntegerType(), False),
        StructField("content_blocks", IntegerType(), False),
    ]
)


def local_copy(uri, tmpdir):
    """A local path for `uri`: itself when local, else a copy fetched with pyarrow's filesystems
    (S3, GCS, HDFS...)."""
    if uri.startswith("file://"):
        return uri[len("file://"):]
    if "://" not in uri:
        return uri
    from pyarrow import fs

    filesystem, path = fs.FileSystem.from_uri(uri)
    local = os.path.join(tmpdir, os.path.basename(path))
    with filesystem.open_input_stream(path) as src, open(local, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return local


def row(warc_path, record):
    """One output row from a record of ``unchrome.classify_warc``."""
    blocks = record["blocks"]
    return (
        warc_path,
        record["url"],
        record["warc_record_id"],
        record["warc_date"],
        record["http_status"],
        record["metadata"]["title"],
        record["article_text"],
        record["paywall"]["paywalled"],
        record["paywall"]["probability"],
        len(blocks),
        sum(1 for b in blocks if b["label"] == "content"),
    )


def process_warcs(jobs):
    """A mapPartitions function: each WARC path of the partition to its rows."""

    def process(paths):
        import unchrome  # on the executor

        for uri in paths:
            uri = uri.strip()
            if not uri or uri.startswith("#"):
                continue
            tmpdir = tempfile.mkdtemp(prefix="unchrome-warc-")
            try:
                local = local_copy(uri, tmpdir)
                # Bad records are reported (a warning on the executor's stderr) and skipped.
                for record in unchrome.classify_warc(local, jobs=jobs):
                    yield row(uri, record)
            finally:
                shutil.rmtree(tmpdir, ignore_errors=True)

    return process


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="text file of WARC paths or URIs, one per line")
    p.add_argument("output", help="output folder (Parquet)")
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="tasks to split the WARC list into (default: one per WARC file)",
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="threads per task (default 1: Spark already runs one task per core)",
    )
    p.add_argument("--mode", default="overwrite", help="Parquet save mode (default overwrite)")
    args = p.parse_args(argv)

    spark = SparkSession.builder.appName("unchrome-classify-warc").getOrCreate()
    run(spark, args.input, args.output, args.partitions, args.jobs, args.mode)
    spark.stop()


def warc_tasks(sc, input, partitions=0):
    """The WARC paths listed in `input` as an RDD, one partition (one task) per path, or
    `partitions` partitions holding their even shares.

    The list is small (a line per WARC file): the driver reads it and deals the paths out. Not
    `RDD.repartition(n)`: PySpark shuffles an RDD's rows in pickled batches of up to 10, so a list
    of 8 paths landed in one partition, and one task classified every file while the other
    slots sat idle."""
    uris = [u.strip() for u in sc.textFile(input).collect()]
    uris = [u for u in uris if u and not u.startswith("#")]
    n = partitions or max(1, len(uris))
    # One list per partition: `parallelize` alone pickles its items in batches too, and slices
    # 8 paths into 3 partitions as 2, 2 and 4.
    shares = [uris[k * len(uris) // n : (k + 1) * len(uris) // n] for k in range(n)]
    return sc.parallelize(shares, numSlices=n).flatMap(lambda share: share)


def run(spark, input, output, partitions=0, jobs=1, mode="overwrite"):
    """The job on a running SparkSession: WARC paths listed in `input` to Parquet in `output`."""
    rows = warc_tasks(spark.sparkContext, input, partitions).mapPartitions(process_warcs(jobs))
    spark.createDataFrame(rows, SCHEMA).write.mode(mode).parquet(output)


if __name__ == "__main__":
    sys.exit(main())
