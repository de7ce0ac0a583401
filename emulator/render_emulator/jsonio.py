"""JSON and response conventions of render-ws (Jackson as configured by render-ws, RESTEasy replies).

The Jackson reading and writing itself lives in :mod:`render_emulator.model` (one reader, one writer,
one catalogue of error texts); this module keeps the names older call sites import.

* Java ``Double`` fields are written with a decimal point (``3407.0``): services convert such fields with
  :func:`java_double` before storing or answering; Python's ``json`` then prints them as render-ws does.
* ``null`` fields are omitted (:func:`omit_none`).
* Dates are UTC strings ``yyyy-MM-dd'T'HH:mm:ss.SSS'Z'``.
"""

from __future__ import annotations

from render_emulator.jsontext import dumps as dumps
from render_emulator.model.dates import DATE_FORMAT as DATE_FORMAT
from render_emulator.model.dates import format_date as format_date
from render_emulator.model.dates import now_date as now_date
from render_emulator.model.dates import parse_date as parse_date
from render_emulator.model.reader import expect_array as expect_array
from render_emulator.model.reader import expect_object as expect_object
from render_emulator.model.scalars import java_double as java_double
from render_emulator.model.scalars import java_int as java_int
from render_emulator.model.scalars import java_string as java_string
from render_emulator.model.writer import omit_none as omit_none
from renderapi._java import java_number_text as java_number_text
