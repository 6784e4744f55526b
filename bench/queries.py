"""Print the SQL statements every page costs, for this checkout or another one (to compare releases).

    .venv/bin/python bench/queries.py [CHECKOUT]

It builds a class of students through the real forms (Flask's test client, a fresh SQLite file),
then counts the statements of one request to each page, as a student and as a teacher. Answers are
posted as a form that fits an item of any kind, so the same script runs against a release that has
only labelled passages. Counts are deterministic: run it on two checkouts and compare the columns.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from quizapp import create_app  # noqa: E402

FORM = {"label": "fact", "words": "0", **{f"part_{n}": "fact" for n in range(1, 13)}}
PASSWORD = "a long quiet password"


def main() -> None:
    """Build the class, then print one line per page: its name and its statement count."""
    folder = Path(tempfile.mkdtemp())
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}",
            "QUESTIONS_DIR": str(ROOT / "questions"),
            "LOGIN_FAILURES_PER_ADDRESS": 0,
            "SIGNUPS_PER_ADDRESS": 0,
        }
    )
    from quizapp import catalog
    from quizapp.database import create_schema
    from quizapp.extensions import db
    from quizapp.models import User

    with app.app_context():
        create_schema()
        catalog.import_directory(ROOT / "questions")
        teacher = User(username="ms-bench", role="teacher", display_name="Ms Bench")
        teacher.set_password(PASSWORD)
        db.session.add(teacher)
        db.session.commit()
        engine = db.engine
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def cost(client, method: str, url: str, **data) -> int:
        """Return the statements one request sends (and fail on a server error)."""
        statements.clear()
        response = client.open(url, method=method, data=data or None)
        assert response.status_code < 500, (url, response.status_code)
        return len(statements)

    t = app.test_client()
    t.post("/login", data={"username": "ms-bench", "password": PASSWORD})
    created = t.post("/teacher/", data={"name": "Bench class"})
    class_id = int(re.search(r"/teacher/classes/(\d+)", created.location).group(1))
    code = re.search(r'<code class="join-code">([A-Z0-9]+)</code>', t.get(created.location).data.decode()).group(1)
    overview = t.get(f"/teacher/classes/{class_id}/assignments").data.decode()
    quiz = re.search(r'<option value="(\d+)"', overview).group(1)
    t.post(f"/teacher/classes/{class_id}/assignments", data={"quiz": quiz, "feedback": "each"})
    students = []
    for number in range(8):
        s = app.test_client()
        s.post(
            "/join",
            data={
                "code": code,
                "display_name": f"Student {number}",
                "password": PASSWORD,
                "confirm": PASSWORD,
                "different_person": "y",
            },
        )
        students.append(s)
    page = students[0].get("/").data.decode()
    assignment = re.search(r"/assignments/(\d+)/start", page).group(1)
    attempts = []
    for s in students:
        started = s.post(f"/assignments/{assignment}/start")
        attempt = int(re.search(r"/attempts/(\d+)", started.location).group(1))
        attempts.append(attempt)
        for position in range(1, 200):
            reply = s.post(f"/attempts/{attempt}/passages/{position}", data=FORM)
            if reply.status_code != 302 or "feedback" not in reply.location:
                break
    s, attempt = students[0], attempts[0]
    practice = s.post("/quizzes/cedar-hollow-skate-park/start")
    open_attempt = int(re.search(r"/attempts/(\d+)", practice.location).group(1))
    s.post(f"/attempts/{open_attempt}/passages/1", data=FORM)
    s.get(f"/attempts/{open_attempt}/passages/2")  # the version is read once per app: not counted below
    user_id = None
    with app.app_context():
        user_id = db.session.query(User.id).filter(User.display_name == "Student 0").scalar()
    rows = [
        ("student: quiz list", cost(s, "GET", "/")),
        ("student: question page", cost(s, "GET", f"/attempts/{open_attempt}/passages/2")),
        ("student: answer POST", cost(s, "POST", f"/attempts/{open_attempt}/passages/2", **FORM)),
        ("student: feedback", cost(s, "GET", f"/attempts/{open_attempt}/passages/2/feedback")),
        ("student: results", cost(s, "GET", f"/attempts/{attempt}/results")),
        ("student: history", cost(s, "GET", "/history")),
        ("teacher: my classes", cost(t, "GET", "/teacher/")),
        ("teacher: class overview", cost(t, "GET", f"/teacher/classes/{class_id}")),
        ("teacher: quiz statistics", cost(t, "GET", f"/teacher/classes/{class_id}/assignments/{assignment}")),
        ("teacher: students", cost(t, "GET", f"/teacher/classes/{class_id}/students")),
        ("teacher: student page", cost(t, "GET", f"/teacher/classes/{class_id}/students/{user_id}")),
        ("teacher: results.csv", cost(t, "GET", f"/teacher/classes/{class_id}/export/results.csv")),
        ("teacher: responses.csv", cost(t, "GET", f"/teacher/classes/{class_id}/export/responses.csv")),
    ]
    width = max(len(name) for name, _ in rows)
    for name, count in rows:
        print(f"{name:<{width}}  {count:3d}")


if __name__ == "__main__":
    main()
