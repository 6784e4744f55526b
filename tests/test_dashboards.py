"""Teacher dashboards and exports against a hand-computed class, and their query counts."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import event, select

from quizapp import attempts, catalog
from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Classroom, Membership, Quiz, QuizVersion, User

from .conftest import QUESTIONS, write

LABELS = ("fact", "opinion", "speculation")

TINY = """\
title: Tiny
article: |
  The vote was 5-2. It was a wise choice. Rain may fall.
passages:
  - id: a
    text: The vote was 5-2
    label: fact
    cues: [5-2]
    explanation: A count.
  - id: b
    text: It was a wise choice
    label: opinion
    cues: [wise]
    explanation: A judgment.
  - id: c
    text: Rain may fall
    label: speculation
    cues: [may]
    explanation: A guess.
"""
# Four students; see test_grading.CLASS for the hand computation of these figures.
ANSWERS = {
    "ann": ("fact", "opinion", "speculation"),
    "bo": ("fact", "opinion", "fact"),
    "cy": ("fact", "fact", "opinion"),
    "di": ("opinion", "fact", "opinion"),
}


def build_class(app, tmp_path, students: dict[str, tuple[str, ...]], teacher: str = "ms-lee", quizzes: int = 1) -> dict:
    """Store a class, its assigned tiny quizzes and every student's finished attempt, directly."""
    folder = tmp_path / "questions"
    folder.mkdir(exist_ok=True)
    write(folder / "labels.yaml", (QUESTIONS / "labels.yaml").read_text())
    for number in range(quizzes):
        write(folder / f"tiny{number}.yaml", TINY.replace("title: Tiny", f"title: Tiny {number}"))
    with app.app_context():
        catalog.import_directory(folder)
        owner = db.session.scalar(select(User).where(User.username == teacher))
        classroom = Classroom(teacher_id=owner.id, name="Fixture class", join_code=f"FIX{len(students):03d}")
        db.session.add(classroom)
        db.session.flush()
        assignment_ids = []
        for quiz in db.session.scalars(select(Quiz).where(Quiz.slug.like("tiny%")).order_by(Quiz.slug)):
            assignment = Assignment(classroom_id=classroom.id, quiz_id=quiz.id)
            db.session.add(assignment)
            db.session.flush()
            assignment_ids.append(assignment.id)
            version = db.session.scalar(select(QuizVersion).where(QuizVersion.quiz_id == quiz.id))
            for name, chosen in students.items():
                user = db.session.scalar(select(User).where(User.username == name))
                if user is None:
                    user = User(username=name, display_name=name.title(), password_hash="x")
                    db.session.add(user)
                    db.session.flush()
                    db.session.add(Membership(classroom_id=classroom.id, user_id=user.id))
                attempt = Attempt(
                    user_id=user.id, version_id=version.id, assignment_id=assignment.id, finished_at=db.func.now()
                )
                db.session.add(attempt)
                db.session.flush()
                for item, label in zip(version.items, chosen, strict=False):
                    db.session.add(attempts.new_response(attempt.id, item, {"label": label}, LABELS))
        db.session.commit()
        return {"class_id": classroom.id, "assignments": assignment_ids}


@pytest.fixture
def fixture_class(teacher, loaded, tmp_path):
    """The hand-computed class of four, owned by the signed-in teacher."""
    return build_class(loaded, tmp_path, ANSWERS)


def words(page: str) -> str:
    """Return a page's text without tags, its spacing folded."""
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def cells(page: str, row_start: str) -> list[str]:
    """Return the text of the cells in the table row that starts with row_start."""
    row = re.search(r"<tr[^>]*>\s*<td>" + re.escape(row_start) + r"</td>(.*?)</tr>", page, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]


def test_quiz_page_shows_facility_and_wrong_label_and_hides_discrimination_below_20(client, fixture_class):
    page = client.get(
        f"/teacher/classes/{fixture_class['class_id']}/assignments/{fixture_class['assignments'][0]}"
    ).data.decode()
    assert "4 attempts; 4 of them answered every passage" in page
    assert cells(page, "1") == ["The vote was 5-2", "Reported fact", "75% (3/4)", "Opinion (1)"]
    assert cells(page, "2") == ["It was a wise choice", "Opinion", "50% (2/4)", "Reported fact (2)"]
    assert cells(page, "3") == ["Rain may fall hard", "Speculation", "25% (1/4)", "Opinion (2)"]
    assert page.count('<strong class="flag">hard</strong>') == 1  # only passage 3 is below 50%
    assert "Tells strong from weak</th>" not in page
    assert "It shows once 20 attempts have answered every passage; this version has 4." in words(page)
    # confusion: rows right label, columns answered (fact, opinion, speculation)
    matrix = re.search(r'<table class="confusion">.*?</table>', page, re.S).group(0)
    rows = [
        re.findall(r"<td[^>]*>(\d+)</td>", row) for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", matrix, re.S)
    ]
    assert rows == [["3", "1", "0"], ["2", "2", "0"], ["1", "2", "1"]]


@pytest.mark.parametrize(("copies", "shown"), [(4, False), (5, True)])
def test_discrimination_shows_from_20_complete_attempts(teacher, loaded, tmp_path, client, copies, shown):
    # Each of the four hand-computed students five times over: the same correlations, from 20 attempts.
    students = {f"{name}{n}": chosen for n in range(copies) for name, chosen in ANSWERS.items()}
    built = build_class(loaded, tmp_path, students)
    page = client.get(f"/teacher/classes/{built['class_id']}/assignments/{built['assignments'][0]}").data.decode()
    if not shown:
        assert "Tells strong from weak</th>" not in page and "this version has 16." in words(page)
        return
    assert "Tells strong from weak</th>" in page and "It shows once" not in page
    assert cells(page, "1")[-1] == "52% good"
    assert cells(page, "2")[-1] == "71% good"
    assert cells(page, "3")[-1] == "52% good"


def test_overview_summary_scores_grid_and_hidden_small_figures(client, fixture_class):
    grid = client.get(f"/teacher/classes/{fixture_class['class_id']}/scores").data.decode()
    assert "best <strong>100%</strong>, latest 100%" in grid  # Ann
    assert "best <strong>0%</strong>" in grid  # Di
    page = client.get(f"/teacher/classes/{fixture_class['class_id']}").data.decode()
    assert "best <strong>" not in page  # summaries first: the grid is one link away
    assert "/scores" in page and "4 of 4" in page  # every student finished the first quiz
    assert "hidden: 4 answers, fewer than 5" in page  # four answers per label: figure withheld
    assert "Pew Research Center" in page and "26%" in page and "35%" in page
    # The survey is context, not a column beside the class's figures: the two measure different things.
    assert "(Pew, 2018)</th>" not in page and "cannot be compared directly" in page
    assert "hidden: 4 finished attempts, fewer than 5" in page  # "every passage right" rests on attempts


def test_quiz_page_names_its_statistics_in_plain_words(client, fixture_class):
    page = words(
        client.get(
            f"/teacher/classes/{fixture_class['class_id']}/assignments/{fixture_class['assignments'][0]}"
        ).data.decode()
    )
    assert "Answered right (facility) The share of the class's answers to the passage that were right" in page
    assert "Tells strong from weak (discrimination) Whether the students who did well" in page


def test_overview_shows_label_figures_from_five_answers(teacher, loaded, tmp_path, client):
    students = {**ANSWERS, "ed": ("fact", "opinion", "speculation")}
    built = build_class(loaded, tmp_path, students)
    page = client.get(f"/teacher/classes/{built['class_id']}").data.decode()
    assert "80% (4 of 5)" in page  # fact: Ann, Bo, Cy, Ed right; Di wrong
    assert "hidden:" not in page


def test_student_page_history_and_confusion(client, fixture_class, loaded):
    with loaded.app_context():
        cy = db.session.scalar(select(User.id).where(User.username == "cy"))
    page = client.get(f"/teacher/classes/{fixture_class['class_id']}/students/{cy}").data.decode()
    assert "1/3 (33%)" in page and "Tiny 0" in page
    assert "hidden: fewer than 5 answers (1)" in page


def parse(response) -> list[dict]:
    """Parse a CSV download, checking the BOM and header."""
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_results_csv_one_row_per_student_and_quiz(client, fixture_class):
    rows = parse(client.get(f"/teacher/classes/{fixture_class['class_id']}/export/results.csv"))
    assert [(r["username"], r["quiz"], r["best score %"]) for r in rows] == [
        ("ann", "Tiny 0", "100"),
        ("bo", "Tiny 0", "67"),
        ("cy", "Tiny 0", "33"),
        ("di", "Tiny 0", "0"),
    ]


def test_responses_csv_one_row_per_answer_with_version(client, fixture_class):
    rows = parse(client.get(f"/teacher/classes/{fixture_class['class_id']}/export/responses.csv"))
    assert len(rows) == 12
    assert rows[0]["quiz version"] == "1" and rows[0]["passage id"] == "a" and rows[0]["kind"] == "label"
    assert (rows[0]["part"], rows[0]["right answer"], rows[0]["answer given"]) == ("label", "fact", "fact")
    assert (rows[0]["part score"], rows[0]["passage score"]) == ("1", "1")


@pytest.mark.parametrize(
    ("name", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Zoë", "Zoë"),
    ],
)
def test_csv_neutralises_formulas(client, fixture_class, loaded, name, cell):
    with loaded.app_context():
        db.session.scalar(select(User).where(User.username == "ann")).display_name = name
        db.session.commit()
    rows = parse(client.get(f"/teacher/classes/{fixture_class['class_id']}/export/results.csv"))
    assert cell in [r["student"] for r in rows]


def count_queries(app, client, url: str) -> int:
    """Return how many SQL statements a GET of url runs."""
    with app.app_context():
        engine = db.engine
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_dashboard_queries_do_not_grow_with_class_size(teacher, loaded, tmp_path, client):
    small = build_class(loaded, tmp_path, {f"s{i}": ANSWERS["bo"] for i in range(5)}, quizzes=2)
    large = build_class(loaded, tmp_path, {f"l{i}": ANSWERS["cy"] for i in range(60)}, quizzes=2)
    for path in ("", "/scores", "/assignments/{a}", "/students", "/export/results.csv", "/export/responses.csv"):
        for built in (small, large):  # the quiz versions are read once per app, on the first page that needs them
            client.get(f"/teacher/classes/{built['class_id']}" + path.format(a=built["assignments"][0]))
        counts = [
            count_queries(
                loaded, client, f"/teacher/classes/{built['class_id']}" + path.format(a=built["assignments"][0])
            )
            for built in (small, large)
        ]
        assert counts[0] == counts[1], (path, counts)


def test_the_scores_grid_speaks_spanish(client, fixture_class):
    client.post("/language", data={"language": "es", "next": "/"})
    grid = client.get(f"/teacher/classes/{fixture_class['class_id']}/scores").data.decode()
    assert "<h1>Puntajes</h1>" in grid and "Entre paréntesis: intentos hechos." in grid
    assert "mejor <strong>100 %</strong>, último 100 %" in grid and "best <strong>" not in grid
