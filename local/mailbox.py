"""A real SMTP server on loopback (aiosmtpd) that keeps every message as an .eml file, for the local run."""
import socket
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class _SaveEml:
    def __init__(self, folder: Path):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        now = time.time_ns()  # names sort in arrival order: the seconds, then the nanoseconds of that second
        path = self.folder / f"{time.strftime('%Y%m%d-%H%M%S', time.gmtime(now // 10**9))}-{now % 10**9:09d}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        print(f"mail for {', '.join(envelope.rcpt_tos)} saved as {path}", flush=True)
        return "250 Message accepted for delivery"


class _BoundController(Controller):
    """aiosmtpd's Controller cannot bind port 0 itself: serve a socket bound once here, so no other process can
    take the port between picking it and listening on it."""

    def __init__(self, handler, sock: socket.socket):
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1])
        self.sock = sock

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self.sock, ssl=self.ssl_context)


class Mailbox:
    def __init__(self, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        self.port = sock.getsockname()[1]
        self.controller = _BoundController(_SaveEml(folder), sock)

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()
