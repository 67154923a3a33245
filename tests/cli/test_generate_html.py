"""docgen generate writes an HTML page beside the DOCX and PDF of each read-only document (the
policy document, every handout), and none for a form (issue 18 item 4)."""

from click.testing import CliRunner
from lxml import html as lxml_html

from docgen.cli import main
from tests.helpers.policies import POLICIES


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_generate_writes_html_for_the_policy_document_and_each_handout_only(tmp_path):
    code, out, err = run("generate", POLICIES / "leeds.yaml", "-o", tmp_path, "--only", "policy,handouts")
    assert code == 0, err
    pages = sorted(p.name for p in tmp_path.glob("*.html"))
    assert pages == [
        "leeds_handout_functions_sheet.html",
        "leeds_handout_one_minute_guide.html",
        "leeds_handout_reflective_cycle.html",
        "leeds_handout_seven_minute_briefing.html",
        "leeds_policy_document.html",
    ]
    for page in pages:  # beside its DOCX and PDF, and listed as written
        stem = page.removesuffix(".html")
        assert (tmp_path / f"{stem}.docx").is_file() and (tmp_path / f"{stem}.pdf").is_file()
        assert str(tmp_path / page) in out.split()
    assert not list(tmp_path.glob("leeds_preparation_sheet*.html"))  # a form: DOCX and PDF only
    assert (tmp_path / "leeds_preparation_sheet.pdf").is_file()
    guide = lxml_html.fromstring((tmp_path / "leeds_handout_one_minute_guide.html").read_bytes())
    assert guide.get("lang") == "en-GB" and guide.find(".//h1") is not None
    assert not list(tmp_path.glob(".*"))  # written atomically: no temporary file left behind


def test_generate_html_alone_and_not_when_left_out(tmp_path):
    code, out, err = run("generate", "worcestershire", "-o", tmp_path / "h", "--only", "policy", "--format", "html")
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "h").iterdir()) == ["worcestershire_policy_document.html"]
    code, _, err = run("generate", "worcestershire", "-o", tmp_path / "d", "--only", "policy", "--format", "docx,pdf")
    assert code == 0, err
    assert not list((tmp_path / "d").glob("*.html"))
