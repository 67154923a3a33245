"""The folder walk: every form under the folders given, and every entry named like one that is not.

Only regular files are read. Anything else named like a form is named, with a code, and never
opened: a named pipe, socket or device (`not-a-file`; opening a pipe with no writer waits for ever),
a link to a file outside the folders being harvested (`outside-link`: a folder must not pull in
files from elsewhere), a link that leads back to itself (`link-loop`) or to nothing (`broken-link`).
A folder that cannot be listed is named too (`unreadable-folder`), so its forms are not missed
silently. Links to folders are not followed (as before); a link to a form inside the folders is read
at its real path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .store import Outcome
from .workers import not_a_file

EXTENSIONS = (".docx", ".pdf")
WALK_CODES = ("not-a-file", "outside-link", "link-loop", "broken-link", "unreadable-folder")


def walk(folders: list[Path]) -> tuple[list[str], list[Outcome]]:
    """(the real path of every form, sorted; a failed Outcome for every odd entry, sorted by path)."""
    roots = [os.path.realpath(f) for f in folders]
    found: set[str] = set()
    odd: dict[str, Outcome] = {}
    for root in roots:
        if not os.path.isdir(root):
            _given(root, found, odd)
            continue
        stack = [root]  # below a real folder, every path not through a link is real
        while stack:
            folder = stack.pop()
            try:
                entries = os.scandir(folder)
            except OSError as exc:
                odd[folder] = _odd(
                    folder,
                    "unreadable-folder",
                    f"docgen could not open this folder ({exc.strerror or exc}), so no form in it was harvested",
                )
                continue
            with entries:
                for entry in entries:
                    _entry(entry, roots, stack, found, odd)
    return sorted(found, key=_order), [odd[p] for p in sorted(odd, key=_order)]


def _order(path: str) -> list[str]:
    return path.split(os.sep)


def is_form_name(name: str) -> bool:
    """Named like a form (Word's lock files, `~$name.docx`, are not forms)."""
    return name.lower().endswith(EXTENSIONS) and not name.startswith("~$")


def _entry(entry: os.DirEntry, roots: list[str], stack: list[str], found: set[str], odd: dict) -> None:
    try:
        if entry.is_dir(follow_symlinks=False):
            stack.append(entry.path)
        elif not is_form_name(entry.name):
            return
        elif entry.is_symlink():
            _link(entry.path, roots, found, odd)
        elif entry.is_file(follow_symlinks=False):
            found.add(entry.path)
        else:
            odd[entry.path] = _odd(entry.path, "not-a-file", not_a_file(entry.stat(follow_symlinks=False).st_mode))
    except OSError as exc:
        odd[entry.path] = _odd(entry.path, "unreadable", f"cannot read the file: {exc.strerror or exc}")


def _link(path: str, roots: list[str], found: set[str], odd: dict) -> None:
    """A link named like a form: read at its target when that is a regular file inside the folders."""
    try:
        target = os.path.realpath(path, strict=True)
        mode = os.stat(target).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            odd[path] = _odd(path, "link-loop", "this is a link that leads back to itself, so there is no file to read")
        elif exc.errno == errno.ENOENT:
            odd[path] = _odd(path, "broken-link", "this is a link to a file that does not exist")
        else:
            odd[path] = _odd(path, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(mode):
        return  # a link to a folder (not a form): not followed
    if not under(target, roots):
        odd[path] = _odd(
            path,
            "outside-link",
            f"this is a link to {target}, outside the folders being harvested, so docgen did not follow it",
        )
    elif not stat.S_ISREG(mode):
        odd[path] = _odd(path, "not-a-file", not_a_file(mode))
    else:
        found.add(target)


def _given(path: str, found: set[str], odd: dict) -> None:
    """A path given on its own (not a folder): read if it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        odd[path] = _odd(path, "unreadable", f"cannot read the file: {exc.strerror or exc}")
        return
    if stat.S_ISREG(mode):
        found.add(path)
    else:
        odd[path] = _odd(path, "not-a-file", not_a_file(mode))


def _odd(path: str, code: str, message: str) -> Outcome:
    return Outcome(path, 0, "", "failed", code, message)


def under(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
