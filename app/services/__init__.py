"""Use cases: one function per user action, each owning its transaction."""
