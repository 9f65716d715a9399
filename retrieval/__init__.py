"""Answering questions over the library with exact quotes and their sources."""
