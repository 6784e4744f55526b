"""The pure core: question files and their problems, kinds of item, grading, cues, rules.

Nothing here imports Flask, SQLAlchemy or the app's database modules, directly or through another
module (tests/core/test_purity.py checks it), so the core can be read, tested and reused (by the
command line, a web editor, a later sign-in from another system) without an app.
"""
