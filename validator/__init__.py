"""lakin-audit: rule-based validation and audit checker for Laporan Kinerja (SAKIP) data."""

__version__ = "0.1.0"
