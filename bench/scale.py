"""A school on one database: 1,000 students in 30 classes x 30 quizzes; every page's time and statements.

    .venv/bin/python bench/scale.py [--database-url URL] [--students 1000] [--classes 30]
                                    [--quizzes 30] [--done 30] [--repeat 5]

Without --database-url it starts a throwaway PostgreSQL server with .ci/postgres (and leaves it
running; `.ci/postgres stop` ends it) and empties its public schema first. The school is written
with bulk inserts (every student has finished --done of the quizzes their class was given, each
answer graded by the item's own kind), then each page is requested --repeat times in-process
through Flask's test client as a real logged-in teacher or student, so no network is timed.

Classes have different sizes on purpose: each teacher page is measured on the smallest and on the
largest class, and each student page for a student of each, so the two statement columns show
whether a page's statements grow with the class (they must not).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import attempts, catalog, create_app  # noqa: E402
from quizapp.core import usernames  # noqa: E402
from quizapp.database import create_schema  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Assignment,
    Attempt,
    Classroom,
    Membership,
    QuizVersion,
    Response,
    ResponsePart,
    User,
)

PASSWORD = "a long quiet password"
CHUNK = 5000


def class_sizes(students: int, classes: int, rng: random.Random) -> list[int]:
    """Split the students into classes of uneven size (from about a third to twice the mean)."""
    weights = [rng.uniform(1, 6) for _ in range(classes)]
    sizes = [max(5, round(students * w / sum(weights))) for w in weights]
    sizes[sizes.index(max(sizes))] += students - sum(sizes)
    return sizes


def answer_templates(version: QuizVersion, rng: random.Random) -> list[list[tuple]]:
    """Return, per item, (item id, [a right and two wrong graded answers as (answer, score, parts)])."""
    keys = tuple(label["key"] for label in version.labels)
    per_item = []
    for item in version.items:
        choices = []
        for right in (True, False, False):
            labels = [label if right else rng.choice([k for k in keys if k != label]) for label in item.labels]
            words = list(range(len(getattr(item.checked, "words", ()))))
            answer = {"label": labels[0], "labels": labels, "words": words[:2] if right else words[-1:]}
            response = attempts.new_response(0, item, answer, keys)
            parts = [(p.name, p.kind, p.expected, p.given, p.score) for p in response.parts]
            choices.append((response.answer, response.score, parts))
        per_item.append((item.id, choices))
    return per_item


def bulk(table, rows: list[dict]) -> None:
    """Insert rows in chunks with one executemany each."""
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start : start + CHUNK])


def build(folder: Path, options: argparse.Namespace) -> dict:
    """Write the school; return the ids the pages need."""
    rng = random.Random(11)
    seed = next((ROOT / "questions").glob("01-*.yaml")).read_text(encoding="utf-8")
    shutil.copy(ROOT / "questions" / "labels.yaml", folder / "labels.yaml")
    for number in range(options.quizzes):
        (folder / f"{number:02d}-school-{number}.yaml").write_text(
            seed.replace("title:", f"title: ({number})", 1), encoding="utf-8"
        )
    create_schema()
    catalog.import_directory(folder)
    versions = list(db.session.scalars(select(QuizVersion).order_by(QuizVersion.quiz_id)))
    templates = {v.id: answer_templates(v, rng) for v in versions}
    sizes = class_sizes(options.students, options.classes, rng)
    teachers = max(1, options.classes // 3)
    users = [
        {"id": n + 1, "username": f"teacher{n}", "username_key": f"teacher{n}", "role": "teacher", "password_hash": "x"}
        for n in range(teachers)
    ]
    student_ids = list(range(teachers + 1, teachers + options.students + 1))
    users += [
        {
            "id": uid,
            "username": f"s{uid}",
            "username_key": usernames.key(f"s{uid}"),
            "display_name": f"Student {uid}",
            "password_hash": "x",
            "role": "student",
        }
        for uid in student_ids
    ]
    bulk(User.__table__, users)
    classes, members, assignments_rows = [], [], []
    attempt_rows, response_rows, part_rows = [], [], []
    roster: dict[int, list[int]] = {}
    given: dict[int, list[tuple[int, int]]] = {}  # class id -> [(assignment id, version id)]
    next_student = iter(student_ids)
    attempt_id = response_id = assignment_id = 0
    for number, size in enumerate(sizes, start=1):
        classes.append(
            {
                "id": number,
                "teacher_id": 1 + (number - 1) % teachers,
                "name": f"Class {number}",
                "join_code": f"J{number:05d}",
            }
        )
        roster[number] = [next(next_student) for _ in range(size)]
        members += [{"classroom_id": number, "user_id": uid} for uid in roster[number]]
        given[number] = []
        for version in versions:
            assignment_id += 1
            assignments_rows.append(
                {"id": assignment_id, "classroom_id": number, "quiz_id": version.quiz_id, "feedback": "each"}
            )
            given[number].append((assignment_id, version.id))
        for uid in roster[number]:
            for assigned, version_id in rng.sample(given[number], k=min(options.done, len(given[number]))):
                attempt_id += 1
                attempt_rows.append(
                    {"id": attempt_id, "user_id": uid, "version_id": version_id, "assignment_id": assigned}
                )
                for item_id, choices in templates[version_id]:
                    answer, score, parts = choices[0] if rng.random() < 0.65 else rng.choice(choices[1:])
                    response_id += 1
                    response_rows.append({"id": response_id, "attempt_id": attempt_id, "item_id": item_id})
                    response_rows[-1].update(answer=answer, score=score)
                    part_rows += [
                        {"response_id": response_id, "name": n, "kind": k, "expected": e, "given": g, "score": s}
                        for n, k, e, g, s in parts
                    ]
    bulk(Classroom.__table__, classes)
    bulk(Membership.__table__, members)
    bulk(Assignment.__table__, assignments_rows)
    bulk(Attempt.__table__, attempt_rows)
    db.session.execute(text("UPDATE attempt SET finished_at = started_at"))
    bulk(Response.__table__, response_rows)
    bulk(ResponsePart.__table__, part_rows)
    for table in ("user", "classroom", "assignment", "attempt", "response"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), (SELECT MAX(id) FROM \"{table}\"))")
        )
    for uid in (*range(1, teachers + 1), *(roster[c][0] for c in roster)):
        user = db.session.get(User, uid)
        user.set_password(PASSWORD)
    db.session.commit()
    small = min(roster, key=lambda c: len(roster[c]))
    large = max(roster, key=lambda c: len(roster[c]))
    return {
        "sizes": sizes,
        "answers": len(response_rows),
        "classes": {"small": small, "large": large},
        "rosters": roster,
        "teachers": {c: classes[c - 1]["teacher_id"] for c in roster},
        "given": given,
    }


def logged_in(app, username: str):
    """Return a test client logged in through the real form."""
    client = app.test_client()
    reply = client.post("/login", data={"username": username, "password": PASSWORD})
    assert reply.status_code == 302, (username, reply.status_code)
    return client


def measure(client, statements: list, url: str, repeat: int) -> tuple[float, int]:
    """Return (median ms, statements of the last request) of GET url, after one warm-up request."""
    times = []
    for index in range(repeat + 1):
        statements.clear()
        start = time.perf_counter()
        reply = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        assert reply.status_code == 200, (url, reply.status_code)
        if index:
            times.append(elapsed)
    return statistics.median(times), len(statements)


def pages_of(app, school: dict, which: str) -> dict:
    """Return {page: (client, url)} for one class (small or large): its teacher's pages and one student's."""
    class_id = school["classes"][which]
    student = school["rosters"][class_id][0]
    assignment, _version = school["given"][class_id][0]
    teacher = logged_in(app, f"teacher{school['teachers'][class_id] - 1}")
    pupil = logged_in(app, f"s{student}")
    with app.app_context():
        attempt = db.session.scalar(select(Attempt.id).where(Attempt.user_id == student).order_by(Attempt.id).limit(1))
    base = f"/teacher/classes/{class_id}"
    return {
        "teacher: my classes": (teacher, "/teacher/"),
        "teacher: class overview": (teacher, base),
        "teacher: assignments": (teacher, f"{base}/assignments"),
        "teacher: quiz statistics": (teacher, f"{base}/assignments/{assignment}"),
        "teacher: students": (teacher, f"{base}/students"),
        "teacher: student page": (teacher, f"{base}/students/{student}"),
        "teacher: results.csv": (teacher, f"{base}/export/results.csv"),
        "teacher: responses.csv": (teacher, f"{base}/export/responses.csv"),
        "student: quiz list": (pupil, "/"),
        "student: results": (pupil, f"/attempts/{attempt}/results"),
        "student: feedback": (pupil, f"/attempts/{attempt}/passages/1/feedback"),
        "student: history": (pupil, "/history"),
    }


def main() -> None:
    """Build the school on PostgreSQL and print each page's time and statements at two class sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--quizzes", type=int, default=30)
    parser.add_argument("--done", type=int, default=30, help="quizzes each student has finished")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    url = options.database_url
    if not url:
        url = subprocess.run([str(ROOT / ".ci" / "postgres"), "start"], check=True, capture_output=True, text=True)
        url = url.stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "questions"
        folder.mkdir()
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "QUESTIONS_DIR": str(folder),
                "LOGIN_FAILURES_PER_ADDRESS": 0,
            }
        )
        with app.app_context():
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            started = time.perf_counter()
            school = build(folder, options)
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("ANALYZE"))  # what autovacuum does soon after a school's first day
            engine = db.engine
        sizes = school["sizes"]
        print(
            f"built {options.students} students in {options.classes} classes ({min(sizes)}-{max(sizes)} a class)"
            f" x {options.quizzes} quizzes, {school['answers']:,} answers, in {time.perf_counter() - started:.0f} s"
        )
        statements: list = []
        event.listen(engine, "before_cursor_execute", lambda *args: statements.append(1))
        small, large = pages_of(app, school, "small"), pages_of(app, school, "large")
        counts = {"small": len(school["rosters"][school["classes"]["small"]])}
        counts["large"] = len(school["rosters"][school["classes"]["large"]])
        header = f"{'page':<26}{'ms @' + str(counts['small']):>9}{'ms @' + str(counts['large']):>9}"
        print(header + f"{'stmts @' + str(counts['small']):>11}{'stmts @' + str(counts['large']):>11}  constant")
        for page in small:
            ms_small, n_small = measure(small[page][0], statements, small[page][1], options.repeat)
            ms_large, n_large = measure(large[page][0], statements, large[page][1], options.repeat)
            same = "yes" if n_small == n_large else "NO"
            print(f"{page:<26}{ms_small:>9.1f}{ms_large:>9.1f}{n_small:>11}{n_large:>11}  {same}")


if __name__ == "__main__":
    main()
