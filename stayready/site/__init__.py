"""The published site: data -> pages as files -> a strict MkDocs build, public or private.

In the order data flows: `data` (history, trends, notebook), `render` with `figures`,
`charts`, `safety`, `atom`, `ics` (Jinja2 templates in site_templates/ -> markdown, SVG,
Atom, ICS under docs/generated/), `mkdocs_build` (strict, in-process), `privacy` (the
public edition's self-check) and `editions` (public into site/, private into .private/).

Privacy rule for text from job postings: on the pages drawn only from postings and feed
states (Jobs, Trends, Companies, Feed health and the new-postings feed), a contact's
name is not a leak when it also appears inside a published posting field (a contact
named like a company); everywhere else every match fails the build.
"""
