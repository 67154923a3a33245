"""Issue 13 item 1: a form template beside a policy can never run anything.

A template is untrusted (it travels by email with its policy). Each payload below runs a shell
command on an unsandboxed Jinja2 environment; docgen must report it as a located template error
(FILE:LINE:COL) through `validate`, `generate` and `spec`, and the marker file must not appear.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.templating import environment
from tests.helpers.policies import ROOT, minimal_policy

GENERIC = (ROOT / "form_templates" / "generic_session_record.yaml").read_text(encoding="utf-8")

PAYLOADS = {
    "cycler": "{{ cycler.__init__.__globals__.os.system('touch MARK') }}",
    "joiner": "{{ joiner.__init__.__globals__.os.system('touch MARK') }}",
    "namespace": "{{ namespace.__init__.__globals__.os.system('touch MARK') }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('touch MARK') }}",
    "policy-object": "{{ agency.__class__.__init__.__globals__['__builtins__']['__import__']('os')"
    ".system('touch MARK') }}",
    "subclasses": "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{% if c.__name__ == 'Popen' %}"
    "{{ c(['touch', 'MARK']).wait() }}{% endif %}{% endfor %}",
}


def _policy(tmp_path, payload: str, where: str = "heading"):
    marker = tmp_path / "marker"
    payload = payload.replace("MARK", str(marker))
    template = GENERIC.replace("id: generic_session_record", "id: local_form")
    old = '  - heading: "Session details"\n'
    assert old in template
    if where == "heading":
        new = "  - heading: " + _quote(payload) + "\n"
    else:  # an expression: `when:`
        new = old + "    when: " + _quote(payload.strip("{} ") + " == 0") + "\n"
    (tmp_path / "form_templates").mkdir()
    (tmp_path / "form_templates" / "local_form.yaml").write_text(template.replace(old, new, 1), encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        minimal_policy(**{"session-record: generic_session_record": "session-record: local_form"}), encoding="utf-8"
    )
    return policy, marker


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_validate_reports_a_template_that_tries_to_run_a_command(tmp_path, name):
    policy, marker = _policy(tmp_path, PAYLOADS[name])
    result = _run("validate", policy)
    code, err = result.exit_code, result.stderr
    assert not marker.exists(), "the template ran a command"
    assert code == 1 and isinstance(result.exception, SystemExit), err
    assert "Traceback" not in err
    located = re.search(r"form_templates/local_form\.yaml:(\d+):(\d+): sections\[0\]\.heading: (.*)", err)
    assert located, err
    assert int(located.group(1)) == 11  # the heading's line in the template
    if name in ("cycler", "joiner", "namespace", "lipsum"):  # Jinja's globals are gone
        assert f"'{name}' is undefined" in located.group(3), err
    else:
        assert "Python internals" in located.group(3), err
    assert "1 policy checked: 0 valid, 1 with problems" in err


def test_validate_reports_a_command_in_a_when_expression(tmp_path):
    policy, marker = _policy(tmp_path, PAYLOADS["cycler"], where="when")
    result = _run("validate", policy)
    code, err = result.exit_code, result.stderr
    assert not marker.exists(), "the template ran a command"
    assert code == 1 and "sections[0].when: " in err and "Traceback" not in err, err


def test_generate_and_spec_run_nothing_and_write_nothing(tmp_path):
    policy, marker = _policy(tmp_path, PAYLOADS["cycler"])
    out_dir = tmp_path / "out"
    result = _run("generate", policy, "-o", out_dir, "--format", "docx")
    code, err = result.exit_code, result.stderr
    assert not marker.exists(), "generate ran the template's command"
    assert code == 1 and "local_form.yaml:11:" in err and "Traceback" not in err, err
    assert not out_dir.exists() or not any(out_dir.iterdir())
    result = _run("spec", policy, "session-record")
    code, out, err = result.exit_code, result.stdout, result.stderr
    assert not marker.exists(), "spec ran the template's command"
    assert code == 1 and "local_form.yaml:11:" in err and out == "", err


def test_internals_are_refused_with_a_plain_message(tmp_path):
    policy, _ = _policy(tmp_path, "{{ agency.__class__ }}")
    result = _run("validate", policy)
    code, err = result.exit_code, result.stderr
    assert code == 1
    assert "Python internals" in err and "__class__" in err, err


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x' * 10**9 }}",
        "{{ 9 ** 9999999 }}",
        "{{ range(10) | list }}",
        "{{ dict(a=1) }}",
        "{{ 'x' | center(1000000000) }}",
    ],
)
def test_the_environment_has_no_globals_and_refuses_huge_values(source):
    with pytest.raises(Exception) as info:
        environment().from_string(source).render()
    assert info.type.__module__.startswith("jinja2"), info.type  # a TemplateError, not MemoryError


def test_the_report_and_form_environments_are_the_sandbox():
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from docgen.forms import evaluate
    from docgen.report import html

    for env in (html._ENV, evaluate._ENV):
        assert isinstance(env, ImmutableSandboxedEnvironment)
        assert dict(env.globals) == {}
