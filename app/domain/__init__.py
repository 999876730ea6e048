"""Plain-Python rules of Layang: no Flask, SQLAlchemy or SpiffWorkflow here."""
