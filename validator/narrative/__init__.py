"""Claims that carry their own arithmetic in a report's prose, read from plain text.

`claims.extract_claims(text, baris)` turns one paragraph into `lakin/1` `narasi` entries; it knows
nothing of documents or pages, so every reader (typed YAML aside) can call it on its paragraphs.
"""
