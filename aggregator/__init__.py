"""The market watch: job feeds -> postings -> history -> trends.

Knows nothing of the journal or of the site generator.
"""
