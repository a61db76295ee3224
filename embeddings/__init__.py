"""The embedding job: load → chunk → encode → store."""
