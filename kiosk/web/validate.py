"""Reading what a browser sends into its declaration (inputs.py): a clean value, or ApiError with the
plain sentence of the first field refused."""

import typing

from flask import request
from flask_babel import gettext as _
from pydantic import ValidationError

from kiosk.web.errors import ApiError
from kiosk.web.fields import refusal


def read(declaration, data):
    """`data` read as `declaration`, or a plain refusal (400) that stores nothing."""
    try:
        return declaration.model_validate(data)
    except ValidationError as error:
        raise ApiError(refusal(declaration, error.errors(include_url=False)[0])) from None


def body(declaration):
    """The request's JSON object read as `declaration`; no body at all reads as {}."""
    try:
        data = request.get_json(silent=True) if request.get_data(cache=True) else {}
    except RecursionError:  # nested thousands deep: nothing Kiosk's pages send
        data = None
    if not isinstance(data, dict):
        raise ApiError(_("Envoyez les données en JSON."))
    return read(declaration, data)


def form(declaration, values=None):
    """A plain form (the request's, unless `values` is given) read as `declaration`."""
    values = request.form if values is None else values
    data = {}
    for name, info in declaration.model_fields.items():
        key = info.alias or name
        if typing.get_origin(info.annotation) is list:
            data[key] = values.getlist(key)
        elif key in values:
            data[key] = values[key]
    return read(declaration, data)


def query(declaration):
    """The request's query string read as `declaration`."""
    return form(declaration, request.args)
