"""Domain logic with no Qt: every function takes a Session first and never commits."""
