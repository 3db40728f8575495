"""The dashboard page, the API docs page, plotly.js and the static files (none of them in the OpenAPI schema)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from ...errors import EventwireError

STATIC_DIR = Path(__file__).parent.parent / "static"


def _plotly_js() -> Path | None:
    try:
        path = Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def _swagger_dir() -> Path | None:
    try:
        path = Path(str(resources.files("fastapi_offline") / "static"))
    except ModuleNotFoundError:
        return None
    return path if path.is_dir() else None


def register(app: FastAPI) -> None:
    """Add /, /docs, /static/vendor/plotly.min.js and the /static mounts."""

    @app.get("/", include_in_schema=False)
    def dashboard() -> FileResponse:
        """The dashboard page."""
        return FileResponse(
            STATIC_DIR / "index.html", media_type="text/html", headers={"cache-control": "no-cache"}
        )

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        """Swagger UI over /openapi.json, served from the installed fastapi-offline package."""
        return FileResponse(
            STATIC_DIR / "docs.html", media_type="text/html", headers={"cache-control": "no-cache"}
        )

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        """plotly.js from the installed plotly package (no CDN)."""
        path = _plotly_js()
        if path is None:
            raise EventwireError(
                "EW402", "plotly is not installed on the server (pip install plotly).", status=404
            )
        return FileResponse(
            path, media_type="text/javascript", headers={"cache-control": "public, max-age=86400"}
        )

    swagger = _swagger_dir()
    if swagger is not None:
        app.mount("/static/swagger", StaticFiles(directory=swagger), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
