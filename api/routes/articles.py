"""``/v1/articles/{id}``: an archived article with its metadata and full text."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from starlette.concurrency import run_in_threadpool

from api.deps import ApiKey, EngineDep, RateLimited
from api.schemas import ArticleOut

router = APIRouter(prefix="/v1", tags=["articles"])


@router.get("/articles/{article_id:path}", dependencies=[RateLimited, ApiKey],
            responses={404: {"description": "No article with this id in the serving index."}})  # fmt: skip
async def get_article(article_id: str, engine: EngineDep) -> ArticleOut:
    """The article a citation points at (its ``article_id``), with the text the quote offsets refer to."""
    article = await run_in_threadpool(engine.article, article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r} in index version {engine.version}")
    return ArticleOut.of(article)
