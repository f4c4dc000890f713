"""Bilingual question answering over policy documents; every answer cites its clauses.

    >>> from rag import Assistant
    >>> answer = Assistant.load().ask("跨境电商零售进口有哪些措施？")
    >>> answer.text, answer.citations[0].clause.id
"""

from rag.types import Answer, Chunk, Citation, Clause, Document, Hit, RagError

__all__ = ["Answer", "Assistant", "Chunk", "Citation", "Clause", "Document", "Hit", "RagError"]


def __getattr__(name: str):
    if name == "Assistant":  # imported lazily so `import rag` stays light
        from rag.assistant import Assistant

        return Assistant
    raise AttributeError(name)
