"""Who said what: reported speech in news articles, as speakers and character spans of what they said.

`lexicon` holds the words and every form derived from them; `keys` how words are reduced to compare them;
`text` positions, sentences and quotations; `words` what the words after a cue begin; `mentions` speakers as
written and `voices` the speakers an article remembers; `reading` the state of one article; one handler per
cue kind (`arabic_verb`, `english_verb`, `according`, `saying`) returns a draft; `extractor` runs them."""
from index.statements.extractor import extract_statements

__all__ = ["extract_statements"]
