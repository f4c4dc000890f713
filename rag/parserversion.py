"""The parser's version, apart from the parser: opening an index compares it, and should not import the parser."""

PARSER_VERSION = 61  # bump when parsing or chunking changes: every index is then rebuilt
