"""Every command in README.md runs as written, in order, in a fresh copy of the repository.

The README's ```sh, ```bash and ```console blocks are run line by line with `sh -c`, in a copy of
the files git tracks (what a clone has), with the test's own `docgen` on PATH. Conventions:

- a command must exit 0, unless a comment on its line, or on the comment line just above it,
  says `# exits N` (`# exits 1: it found problems`);
- what a command says it writes (`-o`, `--output`, `--export-dir`, `--findings`) must exist
  after it, and so must every `output/...` path the README's text names;
- "This writes N files to `FOLDER`" must hold;
- the set-up lines (virtual environment, pip, pytest: what CI itself runs) are listed below and
  not run; any other line a block holds that is not a docgen command fails the test, so nothing
  slips through. ```powershell blocks may hold set-up lines only.

Every relative link in the README (and the docs it adds) must name a tracked file, and every
`#anchor` a heading of it; links from the docs to the README's headings must hold too.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.policies import ROOT, SHIPPED

SETUP = {
    "python3 -m venv .venv",
    ". .venv/bin/activate",
    "source .venv/bin/activate",
    'pip install -e ".[dev]"',
    "pytest",
    # Windows (PowerShell)
    "py -m venv .venv",
    r".venv\Scripts\Activate.ps1",
}
RUN = ("sh", "bash", "console")
SETUP_ONLY = ("powershell",)
WRITES = ("-o", "--output", "--export-dir", "--findings")
# Markdown files whose links are checked: the README and the pages written for it.
LINKED = ("README.md", "docs/staff-lists.md", "docs/privacy.md", "docs/using-the-forms.md", "examples/README.md")

FENCE = re.compile(r"^```(\S*)\n(.*?)^```", re.S | re.M)
EXITS = re.compile(r"#.*\bexits (\d+)")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """(language, lines) of each fenced block, with `\\` continuations joined."""
    out = []
    for lang, body in FENCE.findall(text):
        lines: list[str] = []
        for raw in body.splitlines():
            if lines and lines[-1].endswith("\\"):
                lines[-1] = lines[-1][:-1] + " " + raw.strip()
            else:
                lines.append(raw.rstrip())
        out.append((lang, [line for line in lines if line.strip()]))
    return out


def commands(text: str) -> list[tuple[str, int]]:
    """The README's commands to run, in order, each with the exit code it is expected to give.
    Fails on a code block with no language, a set-up-only block with other lines, or a line that
    is neither a set-up line nor a docgen command."""
    out: list[tuple[str, int]] = []
    for lang, lines in blocks(text):
        assert lang, "every README code block says its language (```sh, ```powershell, ...)"
        if lang in SETUP_ONLY:
            stray = [line for line in lines if line.strip() not in SETUP]
            assert not stray, f"a ```{lang} block may hold set-up lines only; add these to SETUP or move them: {stray}"
        if lang not in RUN:
            continue
        expected = None
        for line in lines:
            command = line.split("#", 1)[0].strip()
            said = EXITS.search(line)
            if not command:  # a comment line: it may give the next command's exit code
                expected = int(said.group(1)) if said else expected
                continue
            if command in SETUP:
                continue
            assert command.startswith("docgen "), f"README line is neither a set-up line nor a docgen command: {line!r}"
            out.append((line, int(said.group(1)) if said else (expected or 0)))
            expected = None
    return out


def written(line: str) -> list[str]:
    words = shlex.split(line, comments=True)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w in WRITES]


def fresh_copy(dest: Path) -> Path:
    """The files git tracks, as a clone has them (what is not committed or added is not there)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    return dest


def test_every_readme_command_runs_as_written(tmp_path):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    todo = commands(text)
    assert len(todo) >= 6, "the README shows the main job, the demo, the worked example and a policy of one's own"
    clone = fresh_copy(tmp_path / "docgen")
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("NO_COLOR", None)
    for line, expected in todo:
        done = subprocess.run(["sh", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == expected, (
            f"README command {line!r} exited {done.returncode}, not {expected}:\n{done.stdout}\n{done.stderr}"
        )
        for path in written(line):
            assert (clone / path).exists(), f"README command {line!r} should write {path}"
    for path in sorted(set(re.findall(r"`(output/[^`\s]+)`", text))):
        assert (clone / path).exists(), f"the README names {path}, which its commands did not write"
    for count, folder in re.findall(r"writes (\d+) files to `([^`]+)`", text):
        files = [p for p in (clone / folder).iterdir() if p.is_file()]
        assert len(files) == int(count), f"the README says {count} files are written to {folder}: {len(files)}"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}


def broken_links(page: Path) -> list[str]:
    tracked = set(subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split())
    broken = []
    for target in LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z]+:", target):
            continue  # http(s), mailto: not checked here
        name, _, anchor = target.partition("#")
        path = (page.parent / name).resolve() if name else page
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
        if path.is_dir():
            ok = any(t.startswith(relative + "/") for t in tracked)
        else:
            ok = relative in tracked and (not anchor or anchor in anchors(path))
        if not ok:
            broken.append(target)
    return broken


@pytest.mark.parametrize("page", LINKED)
def test_links_name_tracked_files_and_headings(page):
    assert broken_links(ROOT / page) == []


def test_links_from_the_docs_to_the_readme_hold():
    readme = anchors(ROOT / "README.md")
    for page in sorted((ROOT / "docs").glob("*.md")):
        for anchor in re.findall(r"README\.md#([\w-]+)", page.read_text(encoding="utf-8")):
            assert anchor in readme, f"{page.name} links to README.md#{anchor}, which is no heading of the README"


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_bytes()) <= 7000  # (6,500 until the shared store's paragraph, issue 21)


def test_a_line_that_is_no_docgen_command_nor_set_up_fails():
    with pytest.raises(AssertionError, match="neither a set-up line nor a docgen command"):
        commands("```sh\npython3 -m venv .venv\nrm -rf output\n```\n")
    with pytest.raises(AssertionError, match="set-up lines only"):
        commands("```powershell\npy -m venv .venv\ndocgen demo -o d\n```\n")
    with pytest.raises(AssertionError, match="says its language"):
        commands("```\ndocgen demo -o d\n```\n")


def test_exit_codes_come_from_the_commands_own_comments():
    text = (
        "```sh\npython3 -m venv .venv\n# exits 1: findings\ndocgen report a -o r.html\n"
        "docgen validate b.yaml   # exits 2\ndocgen spec c  # then look\n"
        "docgen harvest d \\\n  -o h.db\n```\n\n```powershell\npy -m venv .venv\n```\n"
    )
    assert commands(text) == [
        ("docgen report a -o r.html", 1),
        ("docgen validate b.yaml   # exits 2", 2),
        ("docgen spec c  # then look", 0),
        ("docgen harvest d  -o h.db", 0),
    ]
    assert written("docgen harvest d -o h.db --export-dir x  # -o not.this") == ["h.db", "x"]


def test_the_readme_counts_the_shipped_policies():
    words = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
    said = re.search(r"the policies of (\w+) agencies", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert said, "the README says how many policies docgen comes with"
    assert said.group(1) == words[len(SHIPPED)], f"the README says {said.group(1)}; docgen ships {len(SHIPPED)}"
