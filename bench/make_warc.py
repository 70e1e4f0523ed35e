#!/usr/bin/env python3
"""Writes a WARC file of HTTP responses, one per HTML page: for tests and benchmarks.

    python3 bench/make_warc.py OUT.warc.gz PAGE.html... [--repeat N]

Each page becomes a `response` record (`Content-Type: text/html`) whose URL is
`https://example.test/<file name>`; with `.gz` each record is its own gzip member, as in
Common Crawl. Pages made from ../shared/datasets stay in /tmp: never commit such a WARC.
"""
import gzip
import io
import sys
import uuid

_NS = uuid.UUID("6c1f7a4e-5f58-4b39-9f3e-3c1b2c4d5e6f")


def record(url, body, n, content_type="text/html", extra_http=b"", warc_type="response"):
    """The bytes of one WARC response record; the record id is derived from `url` and `n`."""
    http = (
        b"HTTP/1.1 200 OK\r\n"
        + b"Content-Type: " + content_type.encode() + b"\r\n"
        + extra_http
        + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        + body
    )
    rid = uuid.uuid5(_NS, f"{n}:{url}")
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {warc_type}\r\n"
        f"WARC-Record-ID: <urn:uuid:{rid}>\r\n"
        f"WARC-Date: 2024-01-{1 + n % 28:02d}T12:00:00Z\r\n"
        f"WARC-Target-URI: {url}\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def write(path, records):
    """Writes record bytes to `path`, each as its own gzip member when the path ends in .gz."""
    with open(path, "wb") as f:
        for r in records:
            if str(path).endswith(".gz"):
                f.write(gzip.compress(r, compresslevel=6))
            else:
                f.write(r)


def main(argv):
    repeat = 1
    if "--repeat" in argv:
        i = argv.index("--repeat")
        repeat = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    out, pages = argv[0], argv[1:]
    bodies = []
    for p in pages:
        with open(p, "rb") as f:
            bodies.append((p.rsplit("/", 1)[-1], f.read()))

    def records():
        n = 0
        for _ in range(repeat):
            for name, body in bodies:
                yield record(f"https://example.test/{name}", body, n)
                n += 1

    write(out, records())


if __name__ == "__main__":
    main(sys.argv[1:])
