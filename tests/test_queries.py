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
        costs.append(
            (
                position,
                queries(loaded, lambda: client.get(f"/attempts/{attempt}/passages/{position}")),  # noqa: B023
                queries(loaded, lambda: answer(client, attempt, position, "opinion")),  # noqa: B023
                queries(loaded, lambda: client.get(f"/attempts/{attempt}/passages/{position}/feedback")),  # noqa: B023
            )
        )
    assert len({cost[1:] for cost in costs}) == 1, costs
    question, posted, feedback = costs[0][1:]
    # the user, then the attempt with its answers; the version and its passages come from the app's cache
    assert question <= 2, costs
    # an answer: the user, the attempt with its answers, whether practice has closed meanwhile (a class
    # assigned the quiz with its answers shown later: one query on the assignments, whatever the class
    # size), the response and its part, and one query on whether a teacher has accepted the label
    # since (disputes), which near the attempt's end also counts its answers
    assert posted <= 6 and feedback <= 3, costs


def test_class_management_pages_cost_the_same_for_5_students_and_60(teacher, loaded, tmp_path, client):
    from sqlalchemy import select

    from quizapp.models import Membership

    from .test_dashboards import ANSWERS, build_class

    small = build_class(loaded, tmp_path, {f"s{i}": ANSWERS["bo"] for i in range(5)}, quizzes=2)
    large = build_class(loaded, tmp_path, {f"l{i}": ANSWERS["cy"] for i in range(60)}, quizzes=2)
    with loaded.app_context():
        first = {
            built["class_id"]: db.session.scalar(
                select(Membership.user_id).where(Membership.classroom_id == built["class_id"]).order_by(Membership.id)
            )
            for built in (small, large)
        }
    pages = {
        "settings": lambda c, a: client.get(f"/teacher/classes/{c}/settings"),
        "delete the class": lambda c, a: client.get(f"/teacher/classes/{c}/delete"),
        "unassign": lambda c, a: client.get(f"/teacher/classes/{c}/assignments/{a}/unassign"),
        "new code": lambda c, a: client.get(f"/teacher/classes/{c}/code"),
        "remove": lambda c, a: client.get(f"/teacher/classes/{c}/students/{first[c]}/remove"),
        "join screen": lambda c, a: client.get(f"/teacher/classes/{c}/join-screen"),
        "my classes": lambda c, a: client.get("/teacher/"),
        # pasted names checked against the class: "S0"/"L0" is in it, "Nia" is pasted twice
        "check the names": lambda c, a: client.post(
            f"/teacher/classes/{c}/students",
            data={"names": f"{'S0' if c == small['class_id'] else 'L0'}\nNia\nNia\nOmar"},
        ),
    }
    for name, send in pages.items():
        counts = []
        for built in (small, large):
            responses = []
            counts.append(
                queries(
                    loaded,
                    lambda send=send, built=built, responses=responses: responses.append(
                        send(built["class_id"], built["assignments"][0])
                    ),
                )
            )
            assert responses[0].status_code == 200, (name, responses[0].status_code)
        assert counts[0] == counts[1], (name, counts)
        assert counts[0] <= 8, (name, counts)


def test_making_accounts_after_the_check_costs_the_same_in_any_class_size(teacher, loaded, tmp_path, client):
    import json

    from quizapp.core.codes import name_key
    from quizapp.web.forms import choice_field_name

    from .test_dashboards import ANSWERS, build_class

    counts = []
    for size, (twice, once) in ((5, ("Pia", "Quin")), (60, ("Ria", "Sven"))):
        built = build_class(loaded, tmp_path, {f"c{size}-{i}": ANSWERS["bo"] for i in range(size)})
        data = {"names": json.dumps([twice, twice, once]), choice_field_name(name_key(twice)): "2"}
        responses = []
        counts.append(
            queries(
                loaded,
                lambda built=built, data=data, responses=responses: responses.append(
                    client.post(f"/teacher/classes/{built['class_id']}/students/confirm", data=data)
                ),
            )
        )
        assert responses[0].status_code == 200 and responses[0].data.decode().count('class="card"') == 3
    assert counts[0] == counts[1], counts


def test_a_students_quiz_list_costs_the_same_with_one_assignment_and_three(loaded, client, auth):
    from sqlalchemy import select

    from quizapp.models import Assignment, Classroom, Membership, Quiz, User

    from .conftest import make_user

    auth.signup("dee")
    owner = make_user(loaded, "ms-ray", role="teacher", password="teacher pass")
    with loaded.app_context():
        student = db.session.scalar(select(User.id).where(User.username == "dee"))
        classroom = Classroom(teacher_id=owner, name="7C", join_code="SEVENC")
        db.session.add(classroom)
        db.session.flush()
        db.session.add(Membership(classroom_id=classroom.id, user_id=student))
        quizzes = db.session.scalars(select(Quiz.id).order_by(Quiz.id)).all()[:3]
        db.session.add(Assignment(classroom_id=classroom.id, quiz_id=quizzes[0]))
        db.session.commit()
        class_id = classroom.id
    client.get("/")
    one = queries(loaded, lambda: client.get("/"))
    with loaded.app_context():
        db.session.add_all(Assignment(classroom_id=class_id, quiz_id=quiz) for quiz in quizzes[1:])
        db.session.commit()
    three = queries(loaded, lambda: client.get("/"))
    assert one == three, (one, three)


def test_the_quiz_list_costs_the_same_with_more_quizzes(loaded, client, auth, tmp_path):
    from quizapp import catalog

    from .conftest import QUESTIONS
    from .test_dashboards import TINY, write

    auth.signup("eve")
    client.get("/")
    before = queries(loaded, lambda: client.get("/"))
    folder = tmp_path / "more"
    folder.mkdir()
    write(folder / "labels.yaml", (QUESTIONS / "labels.yaml").read_text())
    for number in range(4):
        write(folder / f"extra{number}.yaml", TINY.replace("title: Tiny", f"title: Extra {number}"))
    with loaded.app_context():
        catalog.import_directory(folder)
    page = client.get("/").data.decode()
    assert "Extra 3" in page
    after = queries(loaded, lambda: client.get("/"))
    assert before == after, (before, after)
