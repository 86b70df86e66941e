"""Input readers: the one place where a file becomes a source of figures with locations.

`source` reads YAML and JSON report data, `workbook` reads the Excel form of the same data (laid
out by `workbook_layout`), and `documents` reads a Laporan Kinerja itself (PDF, Word, extracted
text) into a document model from which a `lakin/1` draft is recognised.
"""
