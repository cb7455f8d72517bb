"""What the live channel compresses: large messages only, each on its own.

Every browser offers permessage-deflate, and the WebSocket servers under Socket.IO (eventlet's, and
simple-websocket's under gevent and threads) then compress every message with a compressor kept for each
connection: about 256 KB of memory per phone, and each small change compressed once per phone. A
question reaching 200 phones then cost the room PC twice the CPU. Here a message shorter than LARGE
goes as it is (the extension allows it, message by message), and a large one (a snapshot of the board,
a long catch-up) is compressed with a compressor made for it and let go afterwards, which any browser
reads as well.
"""

import zlib

# Bytes: under this, a message costs the Wi-Fi less than compressing it costs the room PC.
LARGE = 2048


def compress_large_only(async_mode):
    """Make the WebSocket server of this async mode compress large messages only (`kiosk serve`)."""
    if async_mode == "eventlet":
        import eventlet.websocket

        eventlet.websocket.RFC6455WebSocket = _eventlet_websocket()
    else:
        import simple_websocket.ws

        simple_websocket.ws.PerMessageDeflate = _wsproto_deflate()


def _eventlet_websocket():
    from eventlet.websocket import RFC6455WebSocket

    class LargeOnly(RFC6455WebSocket):
        """eventlet's WebSocket, compressing large messages only (it compresses whole messages)."""

        large = False

        def _pack_message(self, message, *args, **kwargs):
            self.large = len(message) >= LARGE
            return super()._pack_message(message, *args, **kwargs)

        def _get_permessage_deflate_enc(self):
            options = self.extensions.get("permessage-deflate")
            if options is None or not self.large:
                return None
            bits = options.get("server_max_window_bits", zlib.MAX_WBITS)
            return zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -bits)

    return LargeOnly


def _wsproto_deflate():
    from wsproto.extensions import PerMessageDeflate
    from wsproto.frame_protocol import Opcode

    class LargeOnly(PerMessageDeflate):
        """wsproto's permessage-deflate, compressing large messages only."""

        compressing = False

        def frame_outbound(self, proto, opcode, rsv, data, fin):
            if opcode in (Opcode.TEXT, Opcode.BINARY):  # a message's first frame (pings leave it be)
                self.compressing = len(data) >= LARGE
            if not self.compressing:
                return rsv, data
            rsv, data = super().frame_outbound(proto, opcode, rsv, data, fin)
            if fin:
                self._compressor = None  # made for this message only
            return rsv, data

    return LargeOnly
