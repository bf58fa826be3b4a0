"""textual-serve's server, stopping promptly: ``libya-explore serve`` runs this.

textual-serve runs one explorer process per browser tab. On Ctrl+C (or SIGTERM) aiohttp waits
for every open tab's websocket handler to end, which with a tab open took about 20 s; here the
shutdown cancels those handlers, so each tab's explorer is told to quit (textual-serve's own
clean-up) and the server stops within a second.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual_serve.server import Server


class ExplorerServer(Server):
    """:class:`textual_serve.server.Server` that ends its tabs' sessions when it shuts down."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sessions: set[asyncio.Task] = set()

    async def handle_websocket(self, request: Any) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._sessions.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            if task is not None:
                self._sessions.discard(task)

    async def on_shutdown(self, app: Any) -> None:
        for task in list(self._sessions):
            task.cancel()
        await super().on_shutdown(app)
