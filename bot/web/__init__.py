"""HTTP mode: a small WSGI router in front of Bolt, served by gunicorn."""
