"""An installed wheel (not just a checkout) finds its shipped policies and templates."""

import subprocess
import sys
import zipfile

import pytest

from tests.helpers.policies import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 and "No module named" in result.stderr and "hatchling" in result.stderr:
        pytest.skip(reason="hatchling is not installed (pip install hatchling); CI installs it")
    assert result.returncode == 0, result.stderr
    [path] = out.glob("docgen-*.whl")
    return path


def test_wheel_carries_policies_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "docgen/_shipped/policies/worcestershire.yaml" in names
    assert "docgen/_shipped/form_templates/generic_session_record.yaml" in names
    assert "docgen/render/pdf/fonts/DejaVuSans.ttf" in names and "docgen/render/pdf/fonts/LICENSE-DejaVu.txt" in names


def test_installed_wheel_resolves_a_shipped_policy(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import docgen.resources as r, docgen.forms as s, docgen.policy as p;"
        "assert '_shipped' in str(r.policies_dir()), r.policies_dir();"
        "loaded = p.load_policy(r.resolve_policy_path('worcestershire'));"
        "spec = s.build_form(loaded, 'session-record');"
        "import docgen.render.pdf as rp, docgen.render.docx as rd;"
        "assert rp.render_pdf(spec, {'supervisee': 'Siân'}).data[:5] == b'%PDF-';"
        "assert rd.render_docx(spec).data[:2] == b'PK';"
        "print(spec.manifest.form_id)"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "worcestershire_session_record"
