"""A multi-worker deployment (nginx, Redis, PostgreSQL) started for real."""
