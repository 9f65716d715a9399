"""Getting articles in and keeping them: readers, text analysis, storage."""
