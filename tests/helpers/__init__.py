"""What several test modules share; a test module imports from here, never from another test module.

- policies: the repository's paths (ROOT, POLICIES, SHIPPED), the minimal policy, spec_for, positions in text
- values: hypothesis strategies for the answers a person can type, and what parsing must return
- clients: the real clients' scripts (tests/clients/), LibreOffice started and filling Word forms over UNO
- pdf_viewers: poppler and pdf.js filling PDF forms
- pdfs: the PDF fields a spec makes, the body text of a PDF, and the two PDF readers' outcomes
- hostile: broken and hostile files made from real forms, with the code each must get
- harvesting: `docgen harvest` in its own process, and the database's content
- tampering: real forms whose manifest or field list was rewritten, and the valid forms beside them
- privacy_forms: filled forms that name children, for the privacy and spreadsheet tests
- fuzz_parsers: the parser fuzzer (`python -m tests.helpers.fuzz_parsers --seconds 90`)
- layout_check: the layout checker (`python -m tests.helpers.layout_check [--strict]`); its rules in layout_rules,
  what a PDF page shows in layout_pages, small hand-drawn PDFs for its tests in layout_samples
"""
