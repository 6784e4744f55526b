"""Database work per page stays small and fixed: it grows neither with progress nor with the class.

These count queries rather than time them, so they hold on any machine.
"""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from quizapp.extensions import db

from .conftest import answer, start_quiz


@contextmanager
def counting(app):
    """Collect the SQL statements the app sends while the block runs."""
    statements: list[str] = []

    def collect(_conn, _cursor, statement, *_args):
        """Keep one statement."""
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", collect)


def queries(app, send) -> int:
    """Return how many statements one request sends."""
    with counting(app) as statements:
        send()
    return len(statements)


def test_question_answer_and_feedback_cost_the_same_at_every_passage_and_class_size(loaded, client, auth):
    for other in ("ann", "bob", "cyd"):  # classmates with answers of their own
        auth.signup(other)
        theirs = start_quiz(client)
        for position in range(1, 6):
            answer(client, theirs, position, "fact")
        auth.logout()
    auth.signup("dee")
    attempt = start_quiz(client)
    client.get(f"/attempts/{attempt}/passages/1")  # the first view of a quiz version reads it once per app
    costs = []
    for position in (1, 2, 3, 20):
        for earlier in range(len(costs) and costs[-1][0] + 1 or 1, position):
            answer(client, attempt, earlier, "fact")
        costs.append((position,
                      queries(loaded, lambda: client.get(f"/attempts/{attempt}/passages/{position}")),
                      queries(loaded, lambda: answer(client, attempt, position, "opinion")),
                      queries(loaded, lambda: client.get(f"/attempts/{attempt}/passages/{position}/feedback"))))
    assert len({cost[1:] for cost in costs}) == 1, costs
    question, posted, feedback = costs[0][1:]
    # the user, then the attempt with its answers; the version and its passages come from the app's cache
    assert question <= 2, costs
    # A practice answer also asks whether practice has closed meanwhile (a class assigned the quiz
    # with its answers shown later): one query on the assignments, whatever the class size.
    assert posted <= 5 and feedback <= 3, costs
