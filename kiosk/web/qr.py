"""QR codes of the join address: SVG for screens and paper, text for the terminal."""

import io

import qrcode
import qrcode.image.svg
from flask import Response, abort


def _code(url):
    # Medium error correction survives a smudged poster; border=4 is the quiet zone scanners need.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)
    return code


def svg(url):
    """The QR code of a URL as an SVG document, black on white."""
    image = _code(url).make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def picture(url):
    """The SVG answer for the QR code of a URL; none (404) when phones have no address to open."""
    if url is None:
        abort(404)
    return Response(svg(url), mimetype="image/svg+xml")


def terminal(url):
    """The QR code of a URL drawn with block characters, for a terminal."""
    out = io.StringIO()
    _code(url).print_ascii(out=out, invert=True)
    return out.getvalue()
