"""Is the address `rag serve` wants free? Checked before anything is loaded, so a taken port fails at once."""

from __future__ import annotations

import errno
import socket

from rag.types import RagError


def in_use_message(host: str, port: int) -> str:
    """The one-line error for a taken port."""
    return f"port {port} on {host} is in use; choose another with --port or RAG_PORT"


def check_port(host: str, port: int) -> None:
    """RagError unless a server could listen on host:port now (bind a socket there and close it)."""
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise RagError(f"port {port!r} is not a TCP port (1–65535); choose another with --port or RAG_PORT")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise RagError(f"cannot serve on host {host!r}: {getattr(exc, 'strerror', None) or exc}; "
                       "choose another with --host or RAG_HOST") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: TIME_WAIT is no obstacle
        sock.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise RagError(in_use_message(host, port)) from None
        raise RagError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; "
                       "choose another address with --host/--port or RAG_HOST/RAG_PORT") from None
    finally:
        sock.close()
