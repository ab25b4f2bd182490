"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from youthhub import create_app

app = create_app()
