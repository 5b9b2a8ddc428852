"""newsprism: cross-source news analysis — what is established, what is disputed, who says
what, and how each outlet frames it, every statement traced to its source sentences."""

__version__ = "0.1.0"
