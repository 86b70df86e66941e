"""The check kinds rules are built from, registered explicitly (no import-time scanning).

Each module's docstring is its documentation; `KIND` equals the module name and the registry key.
"""

from __future__ import annotations

from checks import assertion, band, consistent, formula, match, pattern, presence, ratio, sum, table, unique

KINDS = {
    module.KIND: module
    for module in (formula, ratio, assertion, sum, band, match, consistent, pattern, presence, unique, table)
}
