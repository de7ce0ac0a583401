"""render-ws's beans as declarative schemas, read and written as render-ws's Jackson reads and writes them.

- :mod:`.messages`: the catalogue of error texts (every body-parsing 400 is worded there);
- :mod:`.scalars`, :mod:`.dates`: Jackson's coercions of JSON scalars into Java's types;
- :mod:`.types`: field types (``DOUBLE``, ``INTEGER``, ``LONG``, ``STRING``, ``BOOLEAN``, dates, enums,
  lists/sets, beans);
- :mod:`.reader` / :mod:`.writer`: the one reader and the one writer;
- one module per group of beans (:mod:`.stack`, :mod:`.matches`, …), each citing the Java class.

No Flask and no store here: routes and services read bodies with the model and get plain values back.
"""

from render_emulator.model.reader import expect_array, expect_object, read
from render_emulator.model.writer import omit_none, write

__all__ = ["expect_array", "expect_object", "omit_none", "read", "write"]
