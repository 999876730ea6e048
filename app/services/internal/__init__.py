"""Building blocks that only services use: transactions, scoping, the event writer, the process
runner, letter documents, numbering, signing, pagination and replay. Handlers never import these."""
