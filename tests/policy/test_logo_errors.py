"""agency.logo is checked as the policy loads: a logo docgen cannot or must not use is a located
problem (FILE:LINE:COL, path agency.logo) with a hint, like every other policy problem."""

import pytest

from docgen.errors import ProblemsFound
from docgen.policy import load_policy
from tests.helpers.policies import LOGO_SVG, logo_png, policy_with_logo, pos


def located(path, p) -> None:
    """The problem points at the logo's value in the policy file."""
    text = path.read_text(encoding="utf-8")
    line, column = pos(text, "logo: ")
    assert (p.file, p.line, p.column, p.path) == (str(path), line, column + len("logo: "), "agency.logo")


def only(path):
    with pytest.raises(ProblemsFound) as info:
        load_policy(path)
    found = info.value.problems
    assert len(found) == 1, [str(p) for p in found]
    located(path, found[0])
    assert str(found[0]).startswith(f"{path}:{found[0].line}:{found[0].column}")  # FILE:LINE:COL
    return found[0]


def test_a_good_png_and_a_good_svg_load(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    png = load_policy(policy_with_logo(tmp_path / "a")).logo
    assert (png.kind, png.width, png.height, png.data) == ("png", 240, 80, logo_png())
    svg = load_policy(policy_with_logo(tmp_path / "b", "logo.svg", LOGO_SVG.encode())).logo
    assert (svg.kind, svg.width, svg.height) == ("svg", 120, 40)


def test_a_missing_logo_file(tmp_path):
    path = policy_with_logo(tmp_path, logo="missing.png")
    p = only(path)
    assert p.code == "file-not-found" and "missing.png" in p.message


def test_a_folder_is_not_a_logo(tmp_path):
    (tmp_path / "pictures").mkdir()
    p = only(policy_with_logo(tmp_path, logo="pictures"))
    assert p.code == "not-a-file"


def test_a_logo_that_is_neither_png_nor_svg(tmp_path):
    p = only(policy_with_logo(tmp_path, "logo.png", b"GIF89a\x01\x00\x01\x00"))
    assert p.code == "bad-value" and "not a PNG or SVG" in p.message


def test_a_logo_over_2_mb(tmp_path):
    big = logo_png() + b"\0" * (2 * 1024 * 1024)
    p = only(policy_with_logo(tmp_path, "logo.png", big))
    assert p.code == "bad-value" and "2 MB" in p.message


@pytest.mark.parametrize(
    ("svg", "says"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script></svg>', "<script>"),
        ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"/>', "event handler"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
            '<image xlink:href="http://example.org/x.png" width="10" height="10"/></svg>',
            "another file or a web address",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="../secret.png"/></svg>',
            "another file or a web address",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            "<style>@import url(http://example.org/a.css);</style></svg>",
            "style",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"/>',
            "DOCTYPE",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>', "no size"),
        ("<svg oops", "not a valid SVG"),
    ],
)
def test_an_svg_that_could_run_or_fetch_anything_is_refused(tmp_path, svg, says):
    p = only(policy_with_logo(tmp_path, "logo.svg", svg.encode()))
    assert p.code == "bad-value" and says in p.message, p.message


@pytest.mark.parametrize("logo", ["https://example.org/logo.png", "file:///etc/hostname"])
def test_a_web_address_is_refused(tmp_path, logo):
    p = only(policy_with_logo(tmp_path, logo=logo))
    assert p.code == "bad-value" and "web address" in p.message


def test_a_path_outside_the_policys_folder_is_refused(tmp_path):
    inner = tmp_path / "policy"
    inner.mkdir()
    (tmp_path / "logo.png").write_bytes(logo_png())
    path = policy_with_logo(inner, "unused.png", logo="../logo.png")
    p = only(path)
    assert p.code == "bad-value" and "outside the policy's folder" in p.message
    path = policy_with_logo(inner, "unused.png", logo=str(tmp_path / "logo.png"))  # an absolute path
    assert "outside the policy's folder" in only(path).message


def test_a_misspelt_logo_key_says_did_you_mean(tmp_path):
    path = policy_with_logo(tmp_path)
    text = path.read_text(encoding="utf-8").replace("  logo:", "  lgo:")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as info:
        load_policy(path)
    (p,) = info.value.problems
    assert p.code == "unknown-key" and 'did you mean "logo"' in p.hint
