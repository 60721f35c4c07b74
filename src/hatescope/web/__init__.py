"""The reviewer's web page, served by ``hatescope serve`` next to the HTTP API.

Server-rendered Jinja2 templates and one small CSS and JS file shipped in the package: no CDN,
no front-end build, no third-party requests. ``mount(app)`` adds it to the FastAPI app built by
``hatescope.api.create_app`` and reads the services that app shares (engine, store, config), so
the page and the API use the same store, the same API keys and the same ``--no-auth`` switch.

    from hatescope.api import create_app
    from hatescope.web import mount
    app = create_app(config, engine=engine, store=store)   # create_app already calls mount(app)

See docs/WEB.md for the pages, the login and the keyboard shortcuts.
"""

from __future__ import annotations

from typing import Any

from hatescope.web.pages import PREFIX, WebState, make_templates
from hatescope.web.routes import root_router, router
from hatescope.web.session import SessionCodec, secret_from_env

__all__ = ["PREFIX", "mount", "router"]


def mount(app: Any, *, secret: bytes | None = None, session_hours: float = 8.0) -> None:
    """Add the review page to ``app`` (which must carry ``app.state.services`` from create_app).

    ``secret`` signs the session cookie (default: ``$HATESCOPE_WEB_SECRET``, else random per process)."""
    codec = SessionCodec(secret=secret or secret_from_env(), max_age=max(60, int(session_hours * 3600)))
    app.state.web = WebState(codec=codec, templates=make_templates())
    app.include_router(router)
    app.include_router(root_router)
