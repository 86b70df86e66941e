"""The lakin/1 JSON Schema, shipped as package data."""
