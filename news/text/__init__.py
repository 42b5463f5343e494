"""Text as it comes in, made clean: HTML to plain text, sentences, text written without spaces
(CJK), site chrome and an outlet's boilerplate taken out.

May import the shared top of `news` only."""
