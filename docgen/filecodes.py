"""The catalogue of what can be wrong with one completed form or one harvested file.

One table: per code, what it means and what to do about it. Every other view is derived from it:
the readers' `FORM_ERRORS` (docgen.parse.safety), the per-answer `ISSUE_CODES`
(docgen.parse.record), the harvest's own `HARVEST_ERRORS` and `HARVEST_FLAGS` and problems.csv's
`WHAT_TO_DO` (docgen.harvest.problems). To add a code, add one `FileCode` line here with its kind.

Kinds:
- "form-error": a reader refuses the file (raised as `FormError`; the file is stored as failed);
- "harvest-error": the harvest could not read or accept the file, or skipped a folder entry;
- "issue": the file was read, and one answer (or the whole record) needs attention (an `Issue`);
- "harvest-flag": something the harvest sees across files that were read and stored.

Meanings are short phrases ("the file is damaged"); what-to-do texts are sentences for the admin
who reads problems.csv. Neither may quote an answer from a form.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

Kind = Literal["form-error", "harvest-error", "issue", "harvest-flag"]
KINDS: tuple[Kind, ...] = ("form-error", "harvest-error", "issue", "harvest-flag")


class FileCode(NamedTuple):
    code: str
    kind: Kind
    meaning: str
    what_to_do: str


_AGAIN = "Do not open the file; report it to IT. Ask the sender for the form again."

CATALOGUE: dict[str, FileCode] = {
    c.code: c
    for c in (
        # a reader refuses the file (docgen.parse.safety.FormError)
        FileCode(
            "not-a-form",
            "form-error",
            "the file is not a docgen form",
            "Ask for the form docgen generated; this file is something else (or a read-only document).",
        ),
        FileCode(
            "not-docx",
            "form-error",
            "the file is not a Word document",
            "Check the file: it is named like a Word document but is not one. Ask for it again.",
        ),
        FileCode(
            "not-pdf",
            "form-error",
            "the file is not a PDF",
            "Check the file: it is named like a PDF but is not one. Ask for it again.",
        ),
        FileCode(
            "flattened",
            "form-error",
            "the PDF has no form fields left: it was printed to PDF or flattened, so its answers are part "
            "of the page and cannot be read back",
            "Ask the sender for the filled form itself (the file that was filled in), not a printed or flattened PDF.",
        ),
        FileCode(
            "xfa",
            "form-error",
            "the PDF is an XFA form",
            "Ask the sender to use the docgen PDF or Word form instead of an XFA form.",
        ),
        FileCode(
            "encrypted", "form-error", "the file needs a password", "Ask the sender for a copy without a password."
        ),
        FileCode("corrupt", "form-error", "the file is damaged", "Ask the sender to save and send the form again."),
        FileCode(
            "too-large",
            "form-error",
            "the file is too large",
            "Check the file; a completed form is far smaller. Ask for the form itself.",
        ),
        FileCode("zip-bomb", "form-error", "the file expands to far more data than it holds", _AGAIN),
        FileCode("unsafe-xml", "form-error", "the file contains XML that docgen refuses to read", _AGAIN),
        # the harvest could not read or accept the file (docgen.harvest.workers, docgen.harvest.walk)
        FileCode("empty", "harvest-error", "the file is empty", "Ask the sender to save and send the form again."),
        FileCode(
            "unreadable",
            "harvest-error",
            "the file could not be read from disk",
            "Check the file's permissions and that the drive is available, then harvest again.",
        ),
        FileCode(
            "timeout",
            "harvest-error",
            "reading the file took too long",
            "Harvest again (it will be retried); if it fails again, ask the sender to re-save the form.",
        ),
        FileCode(
            "too-much-memory",
            "harvest-error",
            "reading the file needed too much memory",
            "Harvest again (it will be retried); if it fails again, report the file to IT.",
        ),
        FileCode(
            "crashed",
            "harvest-error",
            "the reader stopped unexpectedly",
            "Harvest again (it will be retried); if it fails again, please report it as a docgen bug.",
        ),
        FileCode(
            "other-policy",
            "harvest-error",
            "the form was made under a policy this harvest was not given",
            "Harvest it with its own policy (--policy), or move it out of this folder.",
        ),
        FileCode(
            "other-agency",
            "harvest-error",
            "the form is another agency's (made under its policy): this database role may not store it",
            "Send the form to the agency whose policy it names, or harvest it with the partnership's role.",
        ),
        FileCode(
            "not-a-file",
            "harvest-error",
            "a named pipe, socket or device named like a form",
            "Remove it, or put the form itself (an ordinary file) in its place.",
        ),
        FileCode(
            "outside-link",
            "harvest-error",
            "a link to a file outside the folders being harvested",
            "Copy the form itself into the folder, or harvest the folder it is in as well.",
        ),
        FileCode(
            "link-loop",
            "harvest-error",
            "a link that leads back to itself",
            "Remove the link, or put the form itself in its place.",
        ),
        FileCode(
            "broken-link",
            "harvest-error",
            "a link to a file that does not exist",
            "Remove the link, or put the form itself in its place.",
        ),
        FileCode(
            "unreadable-folder",
            "harvest-error",
            "a folder that could not be opened",
            "Check the folder's permissions and that the drive is available, then harvest again.",
        ),
        FileCode(
            "tampered-form",
            "harvest-error",
            "the form's own description (its kind, ids or field list) was changed: not as docgen makes it",
            "Do not trust this file: it was edited beyond filling in. Ask the sender for the form again.",
        ),
        FileCode(
            "form-mismatch",
            "harvest-error",
            "the form is not the one its policy has (another kind, form id or field list)",
            "Ask the sender for the form generated from this policy; if the policy's forms changed, "
            "generate a fresh form for them to fill in.",
        ),
        # the file was read; an answer or the record needs attention (docgen.parse.record.Issue)
        FileCode(
            "blank",
            "issue",
            "the form was never filled in: it has no answers, so nothing is recorded",
            "Nothing to do if the form was sent by mistake; otherwise ask the sender for the filled form "
            "(a blank form is not stored as a record).",
        ),
        FileCode(
            "missing-required",
            "issue",
            "a required answer is empty",
            "Ask the author to complete the missing answers and send the form again.",
        ),
        FileCode(
            "bad-value",
            "issue",
            "an answer that does not fit its field (a date that does not parse, a choice not offered)",
            "Ask the author to correct the answers named here (e.g. a date as dd/mm/yyyy).",
        ),
        FileCode(
            "missing-control",
            "issue",
            "a field of the form is no longer in the file (deleted by an editor)",
            "The form was edited beyond filling in; ask for a fresh copy of the form, filled in.",
        ),
        FileCode(
            "duplicate-control",
            "issue",
            "a field appears more than once with different answers",
            "The form was edited beyond filling in; check the answers named here.",
        ),
        FileCode(
            "unknown-control",
            "issue",
            "the file has a field the form does not define",
            "The form was edited beyond filling in; check the answers named here.",
        ),
        FileCode(
            "placeholder-left",
            "issue",
            "the prompt text was left in place of an answer",
            "Ask the author to fill in the answers that still show their prompt.",
        ),
        FileCode(
            "not-signed",
            "issue",
            "the record is not signed by the supervisee or the supervisor",
            "Ask the supervisee and supervisor to sign the record.",
        ),
        FileCode(
            "signed-then-changed",
            "issue",
            "answers were changed after the PDF was digitally signed",
            "Check the answers named here with the signer: they were changed after signing, so the "
            "signature does not vouch for them. Ask for a freshly signed copy if they matter.",
        ),
        FileCode(
            "javascript",
            "issue",
            "the PDF carries JavaScript that docgen did not put there",
            "The answers were stored. Do not open the file in a PDF viewer that runs scripts; report it to IT "
            "and ask the sender for a clean copy of the form.",
        ),
        FileCode(
            "launch-action",
            "issue",
            "the PDF holds an action that starts a program or opens a file",
            "The answers were stored. Do not open the file in a PDF viewer; report it to IT and ask the "
            "sender for a clean copy of the form.",
        ),
        FileCode(
            "submit-action",
            "issue",
            "the PDF holds an action that sends the answers to an internet address",
            "The answers were stored. Do not open the file in a PDF viewer while online; report it to IT "
            "and ask the sender for a clean copy of the form.",
        ),
        # across files that were read and stored (docgen.harvest.problems)
        FileCode(
            "same-document-id",
            "harvest-flag",
            "two files with different answers claim to be the same form (one document id)",
            "Check which file is the right one: one was probably edited after it was sent. Both are kept "
            "and counted. (If one blank form was copied to several people, this is expected; give each "
            "their own form with docgen generate --prefill.)",
        ),
        FileCode(
            "copy-of-form",
            "harvest-flag",
            "another file holds the same form with the same answers (a copy, perhaps saved again by "
            "another program): it is counted once",
            "Nothing to do: docgen counts the form once. Remove one of the copies to keep the folder tidy.",
        ),
    )
}


def meanings(kind: Kind) -> dict[str, str]:
    """code -> meaning for the codes of one kind, in catalogue order."""
    return {c.code: c.meaning for c in CATALOGUE.values() if c.kind == kind}


WHAT_TO_DO: dict[str, str] = {c.code: c.what_to_do for c in CATALOGUE.values()}
