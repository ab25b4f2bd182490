"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from youthhub import create_app
from youthhub.home.warm import warm_up

app = create_app()
warm_up(app)  # each worker, before its first request: see youthhub/home/warm.py
