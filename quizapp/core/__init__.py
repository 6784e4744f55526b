"""The pure core: question files and their problems, kinds of item, grading, cues, rules, suggestions.

Nothing here imports Flask, SQLAlchemy or the app's database modules, directly or through another
module (tests/core/test_purity.py checks it), so the core can be read, tested and reused (by the
command line, a web editor, the benchmarks, a later sign-in from another system) without an app.
"""

import os

# The encoder multiplies small matrices (a sentence is a few dozen tokens): OpenBLAS's threads
# cost more than they give there, and on a two-core machine shared with the web server they made a
# sentence three times slower (88 ms against 31 ms measured). The setting must precede numpy's
# first import; a value set by the user wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
