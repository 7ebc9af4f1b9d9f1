"""The offline demo: sample job boards served on loopback, a replayed history, a built site.

Everything goes through the real paths (HTTP fetch with revalidation, parse, store,
site build); only the feeds are made up, deterministically, one version per day.
"""
