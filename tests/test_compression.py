"""What a browser's live channel carries: large messages compressed, small ones as they are.

A raw WebSocket client offers permessage-deflate exactly as browsers do, so the test sees each frame's
compression bit, which Socket.IO clients hide.
"""

import base64
import json
import os
import socket
import struct
import zlib

import pytest
import requests

from .helpers import client_id, serving

BROWSER_OFFER = "permessage-deflate; client_max_window_bits"


class RawWebSocket:
    """A WebSocket opened by hand on Kiosk's Socket.IO path, reading frames with their compression bit."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Extensions: {BROWSER_OFFER}\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        self.head = head.decode().lower()
        # One inflater for the connection, as a browser keeps one.
        self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)

    def _exactly(self, size):
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            assert chunk, "the server closed the connection"
            data += chunk
        return data

    def frame(self):
        """The next message: (whether it came compressed, its size on the wire, its text)."""
        first, second = self._exactly(2)
        compressed, length = bool(first & 0x40), second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._exactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._exactly(8))
        payload = self._exactly(length)
        if compressed:
            payload = self.inflater.decompress(payload + b"\x00\x00\xff\xff")
        return compressed, length, payload.decode()

    def send(self, text):
        """A masked text frame, as a client must send."""
        data, mask = text.encode(), os.urandom(4)
        assert len(data) < 126
        masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(data))
        self.sock.sendall(bytes([0x81, 0x80 | len(data)]) + mask + masked)

    def until(self, prefix):
        """Frames until one whose text starts with `prefix`; returns that one."""
        while True:
            compressed, size, text = self.frame()
            if text.startswith(prefix):
                return compressed, size, text


@pytest.mark.parametrize("mode", ["eventlet", "gevent", "threading"])
def test_a_browser_gets_the_board_compressed_and_each_change_as_it_is(tmp_path, mode):
    with serving(tmp_path / mode, mode) as (server, code):
        room_pc = requests.Session()
        for i in range(40):
            answer = room_pc.post(
                f"{server.url}/api/workshops/{code}/questions",
                json={
                    "text": f"Comment retrouver mes photos sur la tablette, question {i} ?",
                    "client_id": client_id(),
                },
            )
            assert answer.status_code == 201, answer.text
        screen = RawWebSocket(server.port)
        assert "101" in screen.head.splitlines()[0] and "permessage-deflate" in screen.head
        opened, _size, text = screen.frame()
        assert text.startswith("0{") and not opened
        screen.send("40" + json.dumps({"code": code, "role": "screen", "since": None}))

        # The board, forty questions: compressed, well under its length on the wire, read whole.
        compressed, size, text = screen.until('42["snapshot"')
        snapshot = json.loads(text[2:])[1]
        assert compressed and size < len(text.encode()) / 3
        assert len(snapshot["questions"]) == 40

        # One more question: a small change, sent as it is.
        room_pc.post(
            f"{server.url}/api/workshops/{code}/questions",
            json={"text": "Et la suivante ?", "client_id": client_id()},
        )
        compressed, _size, text = screen.until('42["change"')
        assert not compressed
        assert json.loads(text[2:])[1]["events"][0]["data"]["text"] == "Et la suivante ?"

        # The board asked for again: compressed on its own, read by the same inflater after the rest.
        screen.send('42["sync",{}]')
        compressed, _size, text = screen.until('42["snapshot"')
        assert compressed and len(json.loads(text[2:])[1]["questions"]) == 41
        screen.sock.close()
