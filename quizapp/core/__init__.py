"""The pure core of the app: text in, answers out, with no Flask and no database.

Nothing here imports Flask, SQLAlchemy or the app's database modules, directly or through another
module (tests/core/test_purity.py checks it), so the core can be used by the web views, the CLI and
the benchmarks alike, and tested without an app.
"""
