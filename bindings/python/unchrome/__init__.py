"""unchrome: tell a web page's article text from its chrome (navigation, paywall prompts,
newsletter boxes, cookie banners...) with a small logistic model, compiled from Rust.

    >>> import unchrome
    >>> page = unchrome.classify("<article><p>The council voted on Tuesday to build a new "
    ...                          "bridge over the river.</p></article>")
    >>> "voted on Tuesday" in page.article_text
    True

- ``classify(html, url=None)``: one page (``str``, or ``bytes`` in any charset, gzip or not).
- ``classify_many(htmls, jobs=0)``: many pages in parallel, the GIL released.
- ``classify_warc(path)``: the HTML responses of a WARC file, as ``unchrome classify -f jsonl``
  writes them (dicts).
- ``Model.bundled()``, ``Model.load(path)``: the models; each has the same methods.
"""

import os
import warnings
from typing import Iterator, Optional, Union

from ._unchrome import Block, Model, Page, __version__

__all__ = [
    "Block",
    "Model",
    "Page",
    "WarcRecordWarning",
    "classify",
    "classify_many",
    "classify_warc",
    "__version__",
]

_BUNDLED = Model.bundled()


class WarcRecordWarning(RuntimeWarning):
    """A WARC record that could not be read; the reader skipped it and went on."""


def classify(html: Union[str, bytes], url: Optional[str] = None) -> Page:
    """Classifies one page with the bundled model."""
    return _BUNDLED.classify(html, url)


def classify_many(htmls, jobs: int = 0, urls=None):
    """Classifies many pages with the bundled model, in parallel on ``jobs`` threads (0: one
    per core) with the GIL released. Returns the pages in the order given."""
    return _BUNDLED.classify_many(list(htmls), jobs, None if urls is None else list(urls))


def classify_warc(
    path: Union[str, "os.PathLike[str]"],
    model: Optional[Model] = None,
    jobs: int = 0,
    errors: str = "warn",
) -> Iterator[dict]:
    """Yields one dict per HTML ``response`` record of a WARC file (``.warc`` or ``.warc.gz``),
    equal to the line ``unchrome classify PATH -f jsonl`` writes for it: ``path``, ``url``,
    ``warc_record_id``, ``warc_date``, ``http_status``, then the page fields (``threshold``,
    ``paywall``, ``blocks``, ``article_text``...).

    The file is read and classified a batch at a time on ``jobs`` threads (0: one per core),
    the GIL released; memory stays flat whatever the file's size. A record that cannot be read
    is skipped: ``errors="warn"`` (the default) reports it as a :class:`WarcRecordWarning`,
    ``"raise"`` raises ``ValueError``, ``"ignore"`` says nothing. A file that cannot be opened
    raises ``OSError``.
    """
    if errors not in ("warn", "raise", "ignore"):
        raise ValueError(f"errors must be 'warn', 'raise' or 'ignore', not {errors!r}")
    records = (model or _BUNDLED)._warc_records(os.fspath(path), jobs)
    for record, error in records:
        if error is not None:
            if errors == "raise":
                raise ValueError(error)
            if errors == "warn":
                warnings.warn(error, WarcRecordWarning, stacklevel=2)
            continue
        yield record
