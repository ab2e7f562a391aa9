"""Mandate Graph: a knowledge graph of UN mandates, bodies and reporting obligations."""

__version__ = "1.0.0"
