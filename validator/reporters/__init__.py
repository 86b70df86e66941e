"""Output formats, one module each, all taking the same (result, lang) and returning text."""

from __future__ import annotations

from validator.reporters import json_report, text

REPORTERS = {"text": text.render, "json": json_report.render}
