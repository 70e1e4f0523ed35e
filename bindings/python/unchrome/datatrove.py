"""A datatrove extractor step: ``UnchromeExtractor``, a drop-in for datatrove's ``Trafilatura``.

    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from unchrome.datatrove import UnchromeExtractor

    pipeline = [
        WarcReader("s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/", glob_pattern="*/warc/*"),
        UnchromeExtractor(),
        JsonlWriter("out/"),
    ]

Each document's ``text`` (its HTML) becomes its article text; documents with none are dropped,
as with ``Trafilatura``. ``favour_precision=True`` uses the model's precision-side threshold
(``Model.favor_precision_threshold``), the counterpart of Trafilatura's option of that name.
"""

from typing import Optional

from datatrove.pipeline.extractors.base import BaseExtractor

import unchrome


class UnchromeExtractor(BaseExtractor):
    """unchrome as a datatrove extractor.

    Args:
        favour_precision: keep less chrome at some cost in content (the model's precision-side
            threshold instead of its own).
        threshold: a threshold of your own (0 to 1); overrides ``favour_precision``.
        model: a model file (``unchrome train``); the bundled model when None.
        timeout: the timeout for extraction, per document, in seconds (datatrove's sandbox).
    """

    name = "🧹 unchrome"
    _requires_dependencies = ["unchrome"]

    def __init__(
        self,
        favour_precision: bool = False,
        threshold: Optional[float] = None,
        model: Optional[str] = None,
        timeout: float = 1,
    ):
        super().__init__(timeout)
        self.favour_precision = favour_precision
        self.threshold = threshold
        self.model_path = model
        # Loaded in the process that extracts (datatrove's sandbox), never pickled.
        self._model = None
        if model is not None:
            # Fail at construction, with the Rust message, rather than document by document.
            unchrome.Model.load(model)

    def _load(self) -> "unchrome.Model":
        if self._model is None:
            m = unchrome.Model.load(self.model_path) if self.model_path else unchrome.Model.bundled()
            if self.threshold is not None:
                m = m.with_threshold(self.threshold)
            elif self.favour_precision:
                m = m.with_threshold(m.favor_precision_threshold)
            self._model = m
        return self._model

    def __getstate__(self):
        state = self.__dict__.copy()
        state["_model"] = None
        return state

    def extract(self, text: str) -> str:
        """The article text of one HTML document."""
        return self._load().classify(text).article_text
