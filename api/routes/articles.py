"""``/v1/articles/{id}``: an archived article with its metadata and full text."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import ApiKey, EngineDep, RateLimited
from api.schemas import ArticleOut
from api.schemas_errors import error_responses

router = APIRouter(prefix="/v1", tags=["articles"])


NOT_FOUND = "No article with this id in the serving index."


@router.get("/articles/{article_id:path}", dependencies=[RateLimited, ApiKey],
            responses=error_responses(401, 404, 429, 500, 503, s404=NOT_FOUND))  # fmt: skip
async def get_article(article_id: str, engine: EngineDep) -> ArticleOut:
    """The article a citation points at (its ``article_id``), with the text the quote offsets refer to."""
    article = await run_in_threadpool(engine.article, article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r} in index version {engine.version}")
    return ArticleOut.of(article)
