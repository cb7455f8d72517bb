"""Files handed to the browser to save: every CSV download goes out the same way."""

from flask import Response


def csv_attachment(text, filename):
    """A CSV export (text with its byte-order mark, from exports.french_csv) as a file to save."""
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
