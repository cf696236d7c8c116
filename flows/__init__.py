"""Prefect orchestration: thin flows and tasks over newswatch.runs (the only Prefect code)."""
