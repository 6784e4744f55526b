"""The pure core of the app: text in, answers out, with no Flask and no database.

Nothing here imports Flask, SQLAlchemy or the app's database modules, directly or through another
module (tests/core/test_purity.py checks it), so the core can be used by the web views, the CLI and
the benchmarks alike, and tested without an app.
"""

import os

# The encoder multiplies small matrices (a sentence is a few dozen tokens): OpenBLAS's threads
# cost more than they give there, and on a two-core machine shared with the web server they made a
# sentence three times slower (88 ms against 31 ms measured). The setting must precede numpy's
# first import; a value set by the user wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
