"""Build a class of 60 students x 10 quizzes of answers and print the server time of the teacher pages.

Usage: .venv/bin/python bench/dashboard.py [--students 60] [--quizzes 10] [--repeat 20] [--checkout PATH]

Runs the app in-process on a fresh SQLite file (the test client, so no network is timed), and
prints for each page the median and best server time and CPU time over --repeat requests, with
its SQL statement count, its size, its CPU as a ratio to /healthz's measured in the same run, and
for the CSV exports the peak memory Python allocated while the download was read (tracemalloc).
Figures depend on the machine; compare pages with each other in one run. --checkout runs another
checkout's app (the main branch's, say) with this script, to compare releases side by side.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
if "--checkout" in sys.argv:
    ROOT = Path(sys.argv[sys.argv.index("--checkout") + 1]).resolve()
sys.path.insert(0, str(ROOT))

from quizapp import attempts, catalog, create_app  # noqa: E402
from quizapp.database import create_schema  # noqa: E402  (runs the migrations)
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Assignment,
    Attempt,
    Classroom,
    Membership,
    Quiz,
    QuizVersion,  # noqa: E402
    User,
)


def build(app, folder: Path, students: int, quizzes: int) -> tuple[int, list[int], int]:
    """Store a teacher, a class, its assignments and every student's finished attempt."""
    seed = next((ROOT / "questions").glob("01-*.yaml")).read_text(encoding="utf-8")
    shutil.copy(ROOT / "questions" / "labels.yaml", folder / "labels.yaml")
    for number in range(quizzes):
        (folder / f"{number:02d}-quiz{number}.yaml").write_text(seed.replace("title:", f"title: ({number})", 1))
    rng = random.Random(7)
    with app.app_context():
        create_schema()
        catalog.import_directory(folder)
        teacher = User(username="teacher", role="teacher")
        teacher.set_password(PASSWORD)
        db.session.add(teacher)
        db.session.flush()
        classroom = Classroom(teacher_id=teacher.id, name="Bench class", join_code="BENCH1")
        db.session.add(classroom)
        db.session.flush()
        users = [User(username=f"s{i}", display_name=f"Student {i}", password_hash="x") for i in range(students)]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(Membership(classroom_id=classroom.id, user_id=u.id) for u in users)
        assignment_ids = []
        for quiz in db.session.scalars(select(Quiz).order_by(Quiz.slug)):
            assignment = Assignment(classroom_id=classroom.id, quiz_id=quiz.id)
            db.session.add(assignment)
            db.session.flush()
            assignment_ids.append(assignment.id)
            version = db.session.scalar(select(QuizVersion).where(QuizVersion.quiz_id == quiz.id))
            items = list(version.items)
            keys = tuple(label["key"] for label in version.labels)
            for user in users:
                attempt = Attempt(
                    user_id=user.id, version_id=version.id, assignment_id=assignment.id, finished_at=db.func.now()
                )
                db.session.add(attempt)
                db.session.flush()
                for item in items:
                    chosen = [label if rng.random() < 0.6 else rng.choice(keys) for label in item.labels]
                    answer = {
                        "label": chosen[0],
                        "labels": chosen,
                        "words": rng.sample(
                            range(len(getattr(item.checked, "words", ()))),
                            k=min(2, len(getattr(item.checked, "words", ()))),
                        ),
                    }
                    db.session.add(attempts.new_response(attempt.id, item, answer, keys))
        db.session.commit()
        return classroom.id, assignment_ids, users[0].id


PASSWORD = "a long quiet password"


def measure(app, client, url: str, repeat: int) -> tuple[float, float, float, int, int]:
    """Return (median ms, best ms, median CPU ms, statements, bytes) of GET url."""
    with app.app_context():
        engine = db.engine
    counted = []
    listener = lambda *_args: counted.append(1)  # noqa: E731
    times, cpu = [], []
    size = 0
    for index in range(repeat + 1):
        counted.clear()
        event.listen(engine, "before_cursor_execute", listener)
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        size = len(response.data)  # read inside the timing: a streamed download is made while it is read
        elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        event.remove(engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (url, response.status_code)
        if index:  # the first request warms template and statement caches
            times.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
    return statistics.median(times), min(times), statistics.median(cpu), len(counted), size


def peak_memory(client, url: str) -> float:
    """Return the MiB Python allocated at most while one download of url was made and read in chunks."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    response = client.get(url, buffered=False)
    for _chunk in response.response:
        pass
    response.close()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    """Build the class and print each teacher page's server time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--quizzes", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--checkout", help="the checkout whose app to measure (read before the imports)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "questions"
        folder.mkdir()
        app = create_app(
            {
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(tmp) / 'bench.sqlite'}",
                "WTF_CSRF_ENABLED": False,
                "QUESTIONS_DIR": str(folder),
            }
        )
        started = time.perf_counter()
        class_id, assignments, student = build(app, folder, options.students, options.quizzes)
        print(
            f"built {options.students} students x {options.quizzes} quizzes x each quiz's passages "
            f"= {options.students * options.quizzes * 27} answers in {time.perf_counter() - started:.1f} s"
        )
        client = app.test_client()
        client.post("/login", data={"username": "teacher", "password": PASSWORD})
        pages = {
            "/healthz": "/healthz",
            "class overview": f"/teacher/classes/{class_id}",
            "quiz statistics": f"/teacher/classes/{class_id}/assignments/{assignments[0]}",
            "student report": f"/teacher/classes/{class_id}/students/{student}",
            "students": f"/teacher/classes/{class_id}/students",
            "results.csv": f"/teacher/classes/{class_id}/export/results.csv",
            "responses.csv": f"/teacher/classes/{class_id}/export/responses.csv",
        }
        print(
            f"{'page':<18}{'median ms':>10}{'best ms':>9}{'CPU ms':>8}{'/healthz':>9}{'queries':>9}"
            f"{'bytes':>10}{'peak MiB':>10}"
        )
        healthz_cpu = None
        for name, url in pages.items():
            median, best, cpu, queries, size = measure(app, client, url, options.repeat)
            healthz_cpu = healthz_cpu or cpu
            peak = f"{peak_memory(client, url):.1f}" if url.endswith(".csv") else ""
            print(
                f"{name:<18}{median:>10.1f}{best:>9.1f}{cpu:>8.2f}{cpu / healthz_cpu:>9.1f}{queries:>9}"
                f"{size:>10}{peak:>10}"
            )


if __name__ == "__main__":
    main()
