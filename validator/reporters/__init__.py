"""Output formats, one module each, all taking the same (result, lang) and returning text, bytes,
or text in pieces (JSON of a large batch is written a finding at a time)."""

from __future__ import annotations

from validator.reporters import chr as chr_report
from validator.reporters import github, html, json_report, junit, markdown, sarif, text, xlsx

REPORTERS = {"text": text.render, "json": json_report.chunks, "sarif": sarif.render, "junit": junit.render,
             "github": github.render, "markdown": markdown.render,
             "html": html.render, "xlsx": xlsx.render, "chr": chr_report.render}
