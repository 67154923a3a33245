"""The stylesheet of docgen's HTML documents, inlined in each page (no file or font is fetched).

Modelled on the GOV.UK Design System as used outside gov.uk: Arial/Helvetica (no web font), body
text 19 px on a desktop and 16 px on a phone, generous line height, a width container of at most
960 px, inset text for notes, tables that scroll inside their own labelled region when a phone is
too narrow for them, a briefing's panels as a grid that becomes one column on a phone, and a print
stylesheet that keeps headings with what follows. A one-page genre (the one-minute guide, the
7-minute briefing: `app-short`) has smaller section headings, so it reads as the short page it is.
Every colour of text is at least 4.5:1 on its
background (#0b0c0c and #505a5f on white, #1d70b8 links, white on #1d3864).
"""

from __future__ import annotations

TEXT, SECONDARY, LINK, VISITED, FOCUS, BORDER, NAVY, TINT = (
    "#0b0c0c",
    "#505a5f",
    "#1d70b8",
    "#4c2c92",
    "#ffdd00",
    "#b1b4b6",
    "#1d3864",
    "#f3f5fb",
)

CSS = f"""
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ -webkit-text-size-adjust: 100%; text-size-adjust: 100%; background: #fff; }}
body {{ margin: 0; color: {TEXT}; background: #fff; font-family: arial, "Helvetica Neue", helvetica, sans-serif;
  font-size: 16px; line-height: 1.5; overflow-wrap: break-word; -webkit-font-smoothing: antialiased; }}
.govuk-width-container {{ max-width: 960px; margin: 0 15px; }}
.govuk-visually-hidden {{ position: absolute !important; width: 1px !important; height: 1px !important;
  margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }}
.govuk-skip-link {{ position: absolute; left: -9999px; top: 0; padding: 10px 15px; background: {FOCUS};
  color: {TEXT}; font-weight: 700; text-decoration: underline; z-index: 10; }}
.govuk-skip-link:focus {{ left: 0; outline: 3px solid {FOCUS}; box-shadow: 0 4px {TEXT}; }}
a {{ color: {LINK}; text-decoration: underline; text-decoration-thickness: max(1px, .0625rem);
  text-underline-offset: .15em; }}
a:visited {{ color: {VISITED}; }}
a:hover {{ text-decoration-thickness: max(3px, .1875rem); }}
a:focus, [tabindex]:focus {{ outline: 3px solid transparent; background-color: {FOCUS}; color: {TEXT};
  box-shadow: 0 -2px {FOCUS}, 0 4px {TEXT}; text-decoration: none; }}
.app-table-region:focus {{ background-color: transparent; box-shadow: none; outline: 3px solid {TEXT};
  outline-offset: 2px; }}
.app-header {{ border-bottom: 10px solid {NAVY}; padding: 12px 0 10px; }}
.app-header .govuk-width-container {{ display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }}
.app-header__logo {{ display: block; height: 48px; width: auto; max-width: 100%; }}
.app-header__agency {{ margin: 0; font-weight: 700; font-size: 1.0625rem; line-height: 1.4; }}
.govuk-main-wrapper {{ display: block; padding: 20px 0 30px; }}
h1, h2, h3 {{ font-weight: 700; color: {TEXT}; }}
.govuk-heading-xl {{ font-size: 2rem; line-height: 1.1; margin: 0 0 20px; }}
.govuk-heading-l {{ font-size: 1.5rem; line-height: 1.2; margin: 40px 0 15px; }}
.govuk-heading-m {{ font-size: 1.125rem; line-height: 1.3; margin: 25px 0 10px; }}
.govuk-caption-xl {{ display: block; font-size: 1.125rem; line-height: 1.3; font-weight: 400; color: {SECONDARY};
  margin-bottom: 5px; }}
.govuk-body, .govuk-list {{ margin: 0 0 15px; }}
.govuk-main-wrapper .govuk-body, .govuk-main-wrapper .govuk-list, .govuk-inset-text, .app-meta,
.app-figure figcaption {{ max-width: 38em; }}
.govuk-body-l {{ font-size: 1.125rem; line-height: 1.4; margin: 0 0 20px; }}
.app-meta {{ margin: 0 0 30px; padding: 0; list-style: none; color: {TEXT}; }}
.app-meta li {{ margin-bottom: 5px; }}
.govuk-list {{ padding-left: 20px; }}
.govuk-list li {{ margin-bottom: 5px; }}
.govuk-list--bullet {{ list-style-type: disc; }}
.govuk-list--number {{ list-style-type: decimal; }}
.govuk-inset-text {{ margin: 20px 0; padding: 15px; border-left: 10px solid {BORDER}; clear: both; }}
.govuk-inset-text > :last-child {{ margin-bottom: 0; }}
.govuk-hint {{ color: {SECONDARY}; }}
.app-table-region {{ overflow-x: auto; margin: 0 0 30px; }}
.govuk-table {{ width: 100%; border-collapse: collapse; border-spacing: 0; }}
.govuk-table__caption {{ font-weight: 700; font-size: 1.0625rem; text-align: left; margin-bottom: 10px; }}
.govuk-table th, .govuk-table td {{ padding: 10px 20px 10px 0; border-bottom: 1px solid {BORDER};
  text-align: left; vertical-align: top; }}
.govuk-table th:last-child, .govuk-table td:last-child {{ padding-right: 0; }}
.govuk-table thead th {{ font-weight: 700; }}
.govuk-table tbody th {{ font-weight: 700; }}
.app-table--wide th, .app-table--wide td {{ min-width: 9em; }}
.app-figure {{ margin: 20px 0 30px; }}
.app-figure svg {{ display: block; width: 100%; max-width: 600px; height: auto; }}
.app-figure .app-figure__narrow {{ display: none; max-width: 360px; }}
@media (max-width: 640px) {{
  .app-figure .app-figure__wide {{ display: none; }}
  .app-figure .app-figure__narrow {{ display: block; }}
}}
.app-figure figcaption {{ margin-top: 10px; }}
.app-figure__title {{ display: block; font-weight: 700; }}
.app-panels {{ display: grid; grid-template-columns: minmax(0, 1fr); gap: 20px; margin: 20px 0 30px; }}
.app-panel {{ border: 1px solid {BORDER}; border-top: 5px solid {NAVY}; background: {TINT}; padding: 15px; }}
.app-panel > :last-child {{ margin-bottom: 0; }}
.app-panel .govuk-heading-l {{ margin-top: 0; display: flex; align-items: center; gap: 10px; }}
.app-panel__number {{ flex: none; display: inline-flex; align-items: center; justify-content: center;
  width: 2.2em; height: 2.2em; border-radius: 50%; background: {NAVY}; color: #fff; font-size: .8em; }}
.app-footer {{ border-top: 1px solid {BORDER}; background: #f3f2f1; padding: 20px 0 25px; font-size: 1rem; }}
.app-footer p {{ margin: 0 0 10px; }}
.app-footer p:last-child {{ margin-bottom: 0; }}
@media (min-width: 641px) {{
  body {{ font-size: 19px; line-height: 1.45; }}
  .govuk-width-container {{ margin: 0 30px; }}
  .govuk-heading-xl {{ font-size: 3rem; line-height: 1.05; margin-bottom: 30px; }}
  .govuk-heading-l {{ font-size: 2.25rem; line-height: 1.12; margin-top: 50px; }}
  .govuk-heading-m {{ font-size: 1.5rem; line-height: 1.25; margin-top: 30px; }}
  .govuk-caption-xl {{ font-size: 1.6875rem; }}
  .govuk-main-wrapper .govuk-body, .govuk-main-wrapper .govuk-list, .govuk-inset-text, .app-meta,
.app-figure figcaption {{ max-width: 38em; }}
.govuk-body-l {{ font-size: 1.5rem; }}
  .app-panels--2 {{ grid-template-columns: repeat(2, minmax(0, 1fr)); }}
  .app-panels--3 {{ grid-template-columns: repeat(3, minmax(0, 1fr)); }}
  .app-panel .govuk-heading-l, .app-short .govuk-heading-l {{ font-size: 1.5rem; margin-top: 35px; }}
  .app-panel .govuk-heading-l {{ margin-top: 0; }}
  .app-footer {{ font-size: 1rem; }}
}}
@media (min-width: 1020px) {{ .govuk-width-container {{ margin: 0 auto; }} }}
@media print {{
  body {{ font-size: 12pt; line-height: 1.35; }}
  .govuk-visually-hidden {{ position: absolute !important; width: 1px !important; height: 1px !important;
  margin: 0 !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  clip-path: inset(50%) !important; border: 0 !important; white-space: nowrap !important; }}
.govuk-skip-link {{ display: none; }}
  .govuk-width-container {{ max-width: none; margin: 0; }}
  .govuk-heading-xl {{ font-size: 24pt; }}
  .govuk-heading-l {{ font-size: 17pt; margin-top: 18pt; }}
  .govuk-heading-m {{ font-size: 13pt; }}
  h1, h2, h3, caption, .app-figure__title {{ break-after: avoid; page-break-after: avoid; }}
  h2 + *, h3 + * {{ break-before: avoid; page-break-before: avoid; }}
  li, tr, .app-figure, .app-panel, .govuk-inset-text {{ break-inside: avoid; page-break-inside: avoid; }}
  .app-table-region {{ overflow: visible; }}
  .app-figure .app-figure__wide {{ display: block; }}
  .app-figure .app-figure__narrow {{ display: none; }}
  .app-panels {{ grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10pt; }}
  a, a:visited {{ color: {TEXT}; }}
  a[href^="http"]::after {{ content: " (" attr(href) ")"; font-size: 90%; overflow-wrap: anywhere; }}
  .app-footer {{ background: none; }}
}}
"""

__all__ = ["CSS"]
