"""A school on PostgreSQL: 1,000 students in 30 classes x 30 quizzes; every page's time and query count.

    .venv/bin/python bench/scale.py [--database-url URL] [--students 1000] [--classes 30] [--quizzes 30]

Quick and honest: the school is written with bulk inserts (not through the forms), every class
has every quiz assigned, and each student has finished --answered (3) of them, each passage
answered the way a sample student answered it (graded by the app's own code). Class sizes differ
(from 5 to about twice the mean), so the query count of each page can be compared between the
smallest and the largest class: it must be the same. Then, through Flask's test client (no
network timed), it prints each teacher and student page's median time over --repeat requests
and its statement count, for the smallest and the largest class. Without --database-url it uses
.ci/postgres (started if needed) and a fresh schema, dropped after.
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

from sqlalchemy import event, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402

from quizapp import attempts, catalog, create_app  # noqa: E402
from quizapp.database import create_schema  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Assignment,
    Attempt,
    Classroom,
    Membership,
    Quiz,
    QuizVersion,
    Response,
    ResponsePart,
    User,
    utcnow,
)

PASSWORD = "a long quiet password"


def class_sizes(students: int, classes: int, rng: random.Random) -> list[int]:
    """Return class sizes summing to students: the first 5, the last the largest, the rest around the mean."""
    mean = students / classes
    sizes = [5] + [max(5, round(rng.uniform(0.5, 1.5) * mean)) for _ in range(classes - 2)]
    sizes.append(max(students - sum(sizes), max(sizes) + 1))
    return sizes


def build(app, folder: Path, args: argparse.Namespace) -> dict:
    """Write the school with bulk inserts; return the ids the pages need (smallest and largest class)."""
    seed = next((ROOT / "questions").glob("01-*.yaml")).read_text(encoding="utf-8")
    shutil.copy(ROOT / "questions" / "labels.yaml", folder / "labels.yaml")
    for number in range(args.quizzes):
        (folder / f"{number:02d}-quiz{number}.yaml").write_text(seed.replace("title:", f"title: ({number})", 1))
    rng = random.Random(11)
    hashed = None
    with app.app_context():
        create_schema()
        catalog.import_directory(folder)
        teacher = User(username="teacher", role="teacher")
        teacher.set_password(PASSWORD)
        hashed = teacher.password_hash
        db.session.add(teacher)
        db.session.flush()
        versions = list(db.session.scalars(select(QuizVersion).join(Quiz).order_by(Quiz.slug)))
        # One graded answer per item, computed once: the rows are copies of it.
        templates = {}
        for version in versions:
            keys = tuple(label["key"] for label in version.labels)
            for item in version.items:
                chosen = [label if rng.random() < 0.6 else rng.choice(keys) for label in item.labels]
                words = getattr(item.checked, "words", ())
                answer = {"label": chosen[0], "labels": chosen, "words": list(range(min(2, len(words))))}
                templates[item.id] = attempts.new_response(0, item, answer, keys)
        sizes = class_sizes(args.students, args.classes, rng)
        out: dict = {"sizes": sizes, "classes": []}
        student_number = 0
        for class_number, size in enumerate(sizes):
            classroom = Classroom(teacher_id=teacher.id, name=f"Class {class_number}", join_code=f"C{class_number:05d}")
            db.session.add(classroom)
            db.session.flush()
            assignment_ids = list(
                db.session.execute(
                    insert(Assignment).returning(Assignment.id),
                    [{"classroom_id": classroom.id, "quiz_id": v.quiz_id, "feedback": "each"} for v in versions],
                ).scalars()
            )
            user_ids = list(
                db.session.execute(
                    insert(User).returning(User.id),
                    [
                        {
                            "username": f"s{student_number + i}",
                            "username_key": f"s{student_number + i}",
                            "display_name": f"Student {student_number + i}",
                            "password_hash": hashed,
                            "role": "student",
                        }
                        for i in range(size)
                    ],
                ).scalars()
            )
            student_number += size
            db.session.execute(insert(Membership), [{"classroom_id": classroom.id, "user_id": u} for u in user_ids])
            attempt_rows = [
                {"user_id": u, "version_id": versions[q].id, "assignment_id": assignment_ids[q], "finished_at": None}
                for u in user_ids
                for q in rng.sample(range(len(versions)), min(args.answered, len(versions)))
            ]
            for row in attempt_rows:
                row["finished_at"] = row["started_at"] = utcnow()
            attempt_ids = list(db.session.execute(insert(Attempt).returning(Attempt.id), attempt_rows).scalars())
            by_version = {v.id: v for v in versions}
            responses, parts_of = [], []
            for attempt_id, row in zip(attempt_ids, attempt_rows, strict=True):
                for item in by_version[row["version_id"]].items:
                    template = templates[item.id]
                    responses.append(
                        {
                            "attempt_id": attempt_id,
                            "item_id": item.id,
                            "answer": template.answer,
                            "score": template.score,
                        }
                    )
                    parts_of.append(template.parts)
            response_ids = list(db.session.execute(insert(Response).returning(Response.id), responses).scalars())
            db.session.execute(
                insert(ResponsePart),
                [
                    {
                        "response_id": rid,
                        "name": p.name,
                        "kind": p.kind,
                        "expected": p.expected,
                        "given": p.given,
                        "score": p.score,
                    }
                    for rid, parts in zip(response_ids, parts_of, strict=True)
                    for p in parts
                ],
            )
            out["classes"].append(
                {
                    "id": classroom.id,
                    "size": size,
                    "assignment": attempt_rows[0]["assignment_id"],
                    "student": user_ids[0],
                    "username": f"s{student_number - size}",
                    "attempt": attempt_ids[0],
                }
            )
        db.session.commit()
    return out


def measure(app, client, url: str, repeat: int) -> tuple[float, int]:
    """Return (median ms, statements) of GET url over repeat requests after one to warm the caches."""
    with app.app_context():
        engine = db.engine
    counted: list[int] = []
    listener = lambda *_args: counted.append(1)  # noqa: E731
    times = []
    for index in range(repeat + 1):
        counted.clear()
        event.listen(engine, "before_cursor_execute", listener)
        started = time.perf_counter()
        response = client.get(url)
        _ = response.data
        elapsed = time.perf_counter() - started
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (url, response.status_code)
        if index:
            times.append(1000 * elapsed)
    return statistics.median(times), len(counted)


def main() -> int:
    """Build the school, then print every page's time and query count for the smallest and largest class."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="PostgreSQL to use (a fresh schema in it, dropped after)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--classes", type=int, default=30)
    parser.add_argument("--quizzes", type=int, default=30)
    parser.add_argument("--answered", type=int, default=3, help="quizzes each student finished (default 3)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base = args.database_url
    if not base:
        base = subprocess.run(
            [str(ROOT / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=True
        ).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="quizapp-scale-"))
    url, drop = load.fresh_database(base, tmp)
    folder = tmp / "questions"
    folder.mkdir()
    try:
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": url,
                "WTF_CSRF_ENABLED": False,
                "QUESTIONS_DIR": str(folder),
            }
        )
        started = time.perf_counter()
        school = build(app, folder, args)
        with app.app_context():
            rows = db.session.scalar(select(db.func.count()).select_from(ResponsePart))
        print(
            f"built {args.students} students in {args.classes} classes (sizes {min(school['sizes'])} to "
            f"{max(school['sizes'])}) x {args.quizzes} quizzes, {args.answered} finished per student, "
            f"{rows} answered parts, in {time.perf_counter() - started:.0f} s (bulk inserts)"
        )
        smallest = min(school["classes"], key=lambda c: c["size"])
        largest = max(school["classes"], key=lambda c: c["size"])
        teacher = app.test_client()
        teacher.post("/login", data={"username": "teacher", "password": PASSWORD})
        pages = {
            "teacher: my classes": lambda c: "/teacher/",
            "teacher: class overview": lambda c: f"/teacher/classes/{c['id']}",
            "teacher: scores": lambda c: f"/teacher/classes/{c['id']}/scores",
            "teacher: quiz statistics": lambda c: f"/teacher/classes/{c['id']}/assignments/{c['assignment']}",
            "teacher: students": lambda c: f"/teacher/classes/{c['id']}/students",
            "teacher: student page": lambda c: f"/teacher/classes/{c['id']}/students/{c['student']}",
            "teacher: results.csv": lambda c: f"/teacher/classes/{c['id']}/export/results.csv",
            "teacher: responses.csv": lambda c: f"/teacher/classes/{c['id']}/export/responses.csv",
        }
        student_pages = {
            "student: quiz list": lambda c: "/",
            "student: feedback": lambda c: f"/attempts/{c['attempt']}/passages/1/feedback",
            "student: results": lambda c: f"/attempts/{c['attempt']}/results",
            "student: history": lambda c: "/history",
        }
        print(
            f"{'page':<26}{'ms, class of ' + str(smallest['size']):>18}{'queries':>9}"
            f"{'ms, class of ' + str(largest['size']):>18}{'queries':>9}"
        )
        same = True
        for group, client_for in ((pages, lambda c: teacher), (student_pages, None)):
            clients = {}
            if client_for is None:
                for c in (smallest, largest):
                    clients[c["id"]] = app.test_client()
                    clients[c["id"]].post("/login", data={"username": c["username"], "password": PASSWORD})
            for name, path in group.items():
                figures = []
                for c in (smallest, largest):
                    client = client_for(c) if client_for else clients[c["id"]]
                    figures.append(measure(app, client, path(c), args.repeat))
                same &= figures[0][1] == figures[1][1]
                print(f"{name:<26}{figures[0][0]:>18.1f}{figures[0][1]:>9}{figures[1][0]:>18.1f}{figures[1][1]:>9}")
        print("query counts the same in the smallest and the largest class:", "yes" if same else "NO")
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
