"""The widget script (``/widget.js``), the demo page (``/``) and the editors' page (``/admin``), from ``api/static``."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
router = APIRouter(include_in_schema=False)


def _static(name: str, media_type: str) -> FileResponse:
    path = STATIC / name
    if not path.is_file():
        raise HTTPException(404, f"{name} is not installed (expected at api/static/{name})")
    # nosniff: browsers must run the script only as the JavaScript we say it is.
    return FileResponse(path, media_type=media_type, headers={"X-Content-Type-Options": "nosniff"})


@router.get("/widget.js")
async def widget_js() -> FileResponse:
    return _static("widget.js", "text/javascript; charset=utf-8")


@router.get("/")
async def demo_page() -> FileResponse:
    return _static("demo.html", "text/html; charset=utf-8")


@router.get("/admin")
async def admin_page() -> FileResponse:
    """The editors' report page: the admin token is typed in by hand and only ever sent as a header."""
    return _static("admin.html", "text/html; charset=utf-8")
