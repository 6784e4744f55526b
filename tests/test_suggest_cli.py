"""quizapp suggest: a draft question file that check refuses until its TODOs are filled in, then loads and plays."""

from __future__ import annotations

import re
import shutil

from click.testing import CliRunner

from quizapp.cli import main

from .conftest import QUESTIONS, answer, start_quiz, write

ARTICLE = (
    "Council Votes on Park\n\n"
    "The council voted 5-2 on Tuesday to build a skate park, the mayor announced.\n\n"
    "The park could open as early as April. Officials should fund the lights too."
)
FILLED = {
    "TODO: the article's headline": "Council votes on a skate park",
    "TODO: the newspaper or website that published it": "Cedar Hollow Courier",
    "TODO: the date it was published, as 2025-08-15 (or delete this line)": "2025-08-15",
    "TODO: the article's web address (or delete this line)": "https://example.org/park",
}


def run(*args: str):
    """Run the quizapp command in-process."""
    return CliRunner().invoke(main, list(args))


def test_suggest_writes_a_draft_with_every_sentence(tmp_path):
    result = run("suggest", str(write(tmp_path / "article.txt", ARTICLE)))
    assert result.exit_code == 0, result.output
    assert result.output.count("  - id: ") == 3  # three sentences; the heading is left out
    assert 'text: "The park could open as early as April."' in result.output
    assert re.search(r"# suggested: opinion, confidence 0\.\d\d\n  - id: officials-should-fund", result.output)
    assert 'cues: ["should"]' in result.output
    assert "**should** marks what the writer thinks ought to happen" in result.output  # names its cue
    # a cue of another label than the suggested one is pointed out, whatever the model says
    assert re.search(r"# suggested: (fact|opinion), confidence 0\.\d\d; but see could \(speculation\)", result.output)


def test_check_refuses_the_draft_until_the_todos_are_filled_in(tmp_path, app, client, auth):
    folder = tmp_path / "questions"
    folder.mkdir()
    shutil.copy(QUESTIONS / "labels.yaml", folder / "labels.yaml")
    draft = run("suggest", str(write(tmp_path / "article.txt", ARTICLE))).output
    path = write(folder / "park.yaml", draft)

    refused = run("check", str(path))
    assert refused.exit_code == 1
    assert f"{path}:4:8: this is still a TODO from the draft: write the article's headline" in refused.output
    assert "replace the whole TODO text with your own words" in refused.output
    assert "6 problem(s) in 1 of 1 file(s)." in refused.output

    for todo, value in FILLED.items():
        draft = draft.replace(todo, value)
    # what the teacher does for a sentence the app found no cue for, or labelled wrong
    draft = re.sub(r"label: \w+\n    cues: \[\"TODO[^\]]*\]", 'label: speculation\n    cues: ["could"]', draft)
    draft = draft.replace("TODO: why this is fact, in a sentence or two", "**could** marks a guess.")
    write(path, draft)
    accepted = run("check", str(path))
    assert accepted.exit_code == 0, accepted.output

    from quizapp import catalog

    with app.app_context():
        (result,) = catalog.import_directory(folder)
    assert result.status == "new", result.problems
    auth.signup()
    attempt = start_quiz(client, "park")
    assert answer(client, attempt, 1, "fact").status_code == 302
    response = answer(client, attempt, 2, "speculation")
    page = client.get(response.location).get_data(as_text=True)
    assert "<strong>could</strong> marks a guess." in page and "Speculation" in page
