"""The optional second stage: a sentence-transformers cross-encoder behind the ``Reranker`` interface.

None is packaged for this machine, so it is off unless ``ARCHIVE_CHAT_RERANKER`` names a local model.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from archive_chat.errors import ArchiveChatError


class CrossEncoderReranker:
    """Scores (question, passage) pairs with a cross-encoder loaded from a local path or cache."""

    def __init__(self, name: str, *, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub at run time
        from sentence_transformers import CrossEncoder

        try:
            self.model = CrossEncoder(name, device=device, local_files_only=True)
        except (OSError, ValueError) as e:
            raise ArchiveChatError(
                f"cannot load reranker {name!r}: {e}. Set ARCHIVE_CHAT_RERANKER to a local cross-encoder "
                "path, or unset it to rank without one."
            ) from e

    def score(self, question: str, texts: Sequence[str]) -> Sequence[float]:
        """One relevance score per passage text."""
        if not texts:
            return []
        return [float(s) for s in self.model.predict([(question, t) for t in texts], show_progress_bar=False)]
