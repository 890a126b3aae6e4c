"""Use cases: take a command, lock the contest, decide, append events, commit, publish."""
